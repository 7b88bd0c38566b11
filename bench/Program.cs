using Geopera.Clip.Bench.Warp;

// One console project, one benchmark per first argument: dotnet run -c Release --project bench -- <name>
return args.FirstOrDefault() switch
{
    "warp" => await WarpBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- <benchmark>   (benchmarks: warp)");
    return 2;
}
