using System.Security.Cryptography;
using System.Text;

namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>API keys are stored only as SHA-256 hashes (lower-case hex) plus a short display prefix.
/// Keys are long random tokens, so an unsalted fast hash is enough and keeps lookup an index seek.</summary>
public static class ApiKeyHash
{
    public const int DisplayPrefixLength = 12;

    public static string Compute(string rawKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rawKey)));

    /// <summary>What may be shown back to people to recognise a key (never enough to use it).</summary>
    public static string DisplayPrefix(string rawKey) =>
        rawKey.Length <= DisplayPrefixLength ? rawKey[..Math.Min(4, rawKey.Length)] : rawKey[..DisplayPrefixLength];
}
