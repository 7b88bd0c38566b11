using Geopera.Clip.Bench.Api;

// One console project, one benchmark per first argument: dotnet run -c Release --project bench -- <name>
return args.FirstOrDefault() switch
{
    "api" => await ApiBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- <benchmark>   (benchmarks: api)");
    return 2;
}
