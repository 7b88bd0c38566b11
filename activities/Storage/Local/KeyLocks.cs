namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// Striped in-process locks so that replacing an object's data and its metadata happen as one
/// step for readers and concurrent writers of the same key (shared by every store instance, since
/// two instances may share a root). Different keys rarely contend: 64 stripes.
/// </summary>
internal static class KeyLocks
{
    private static readonly object[] Stripes = Enumerable.Range(0, 64).Select(_ => new object()).ToArray();

    public static object For(string dataPath) =>
        Stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(dataPath) % (uint)Stripes.Length)];
}
