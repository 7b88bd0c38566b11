using Geopera.Clip.Host.Verbs;

// One executable, several verbs: `serve`, `dev`, `migrate`, `seed`, `replay`, `clip`.
return await HostVerbs.RunAsync(args);
