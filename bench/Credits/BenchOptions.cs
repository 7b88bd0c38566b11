namespace Geopera.Clip.Bench.Credits;

/// <summary>Options of the credits benchmark: <c>[--seconds N] [--clients N] [--accounts N]</c>.</summary>
internal sealed record BenchOptions(int Seconds, int Clients, int Accounts, string ServerConnectionString)
{
    public static BenchOptions? Parse(string[] args)
    {
        int seconds = 10, clients = 64, accounts = 256;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], out var value) || value < 1)
                return null;
            switch (args[i])
            {
                case "--seconds": seconds = value; break;
                case "--clients": clients = value; break;
                case "--accounts": accounts = value; break;
                default: return null;
            }
        }
        var server = Environment.GetEnvironmentVariable("CLIP_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
            : Environment.GetEnvironmentVariable("CLIP_TEST_POSTGRES") is { Length: > 0 } test ? test
            : throw new InvalidOperationException(
                "Set CLIP_BENCH_POSTGRES (or CLIP_TEST_POSTGRES) to a superuser connection string of a PostgreSQL server the benchmark may create databases on.");
        return new BenchOptions(seconds, clients, accounts, server);
    }
}
