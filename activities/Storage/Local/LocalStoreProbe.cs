namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// Readiness of the local store: its root folder exists (a volume that was unmounted or removed
/// leaves the service writing where no earlier output is, and reading nothing), a file can be
/// created in it, and every bucket named in <c>Storage:Buckets</c> is a folder of it.
/// </summary>
public sealed class LocalStoreProbe(string root, IReadOnlyList<string> buckets) : IObjectStoreProbe
{
    // Bucket names never start with '.', so the marker cannot collide with a bucket.
    private const string MarkerPrefix = ".clip-ready-";

    public Task<StoreProbeResult> ProbeAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(Probe());
    }

    private StoreProbeResult Probe()
    {
        if (!Directory.Exists(root))
            return StoreProbeResult.Failing($"The local store's root {root} does not exist.",
                "Mount the volume Storage:LocalRoot names, or create the folder; while it is missing the service neither finds the outputs written before nor keeps new ones where they belong.");
        var marker = Path.Combine(root, MarkerPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllBytes(marker, []);
            File.Delete(marker);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return StoreProbeResult.Failing($"The local store's root {root} is not writable: {e.Message}",
                "Give the service's user write access to the folder, and check that its volume is mounted read-write and has free space.");
        }
        var missing = buckets.Where(b => !Directory.Exists(Path.Combine(root, b))).ToArray();
        if (missing.Length > 0)
            return StoreProbeResult.Failing($"Bucket folder(s) missing under {root}: {string.Join(", ", missing)}.",
                "Create them (a bucket of the local store is a folder of its root), or remove them from Storage:Buckets.");
        return StoreProbeResult.Serving(buckets.Count == 0
            ? $"local root {root} writable"
            : $"local root {root} writable; buckets {string.Join(", ", buckets)} present");
    }
}
