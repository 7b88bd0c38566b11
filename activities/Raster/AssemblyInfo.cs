using System.Runtime.CompilerServices;

// The tests and the benchmark reach the GDAL binding's internals (raw API) directly.
[assembly: InternalsVisibleTo("Geopera.Clip.Tests")]
[assembly: InternalsVisibleTo("Geopera.Clip.Bench")]
