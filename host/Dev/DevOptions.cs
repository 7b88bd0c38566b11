namespace Geopera.Clip.Host.Dev;

/// <summary>What <c>host dev</c> was asked for (read from its command line by DevVerb).</summary>
public sealed record DevOptions(
    string? Connection,
    string? TemporalAddress,
    string StorageRoot,
    string Urls,
    int UiPort)
{
    public const string DefaultUrls = "http://127.0.0.1:8000";
    public const int DefaultUiPort = 8233;

    /// <summary>Relative to the folder <c>dev</c> runs in: the repository root under <c>./clip dev</c>.</summary>
    public static readonly string DefaultStorageRoot = Path.Combine(".dev", "storage");
}
