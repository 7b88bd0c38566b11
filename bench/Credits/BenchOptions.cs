namespace Geopera.Clip.Bench.Credits;

/// <summary>Options of the credits benchmark: <c>[--seconds N] [--rounds N] [--clients N] [--accounts N]</c>.</summary>
internal sealed record BenchOptions(int Seconds, int Rounds, int Clients, int Accounts)
{
    public const string Usage = "usage: credits [--seconds 5 (per side and round)] [--rounds 3] [--clients 64] [--accounts 256]";

    public static BenchOptions? Parse(string[] args)
    {
        int seconds = 5, rounds = 3, clients = 64, accounts = 256;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], out var value) || value < 1)
                return null;
            switch (args[i])
            {
                case "--seconds": seconds = value; break;
                case "--rounds": rounds = value; break;
                case "--clients": clients = value; break;
                case "--accounts": accounts = value; break;
                default: return null;
            }
        }
        return new BenchOptions(seconds, rounds, clients, accounts);
    }
}
