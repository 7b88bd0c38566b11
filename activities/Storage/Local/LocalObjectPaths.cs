namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// Where the local store keeps things under its root: object data at <c>{bucket}/{key}</c> (a
/// plain file GDAL can open) and metadata at <c>.clip-meta/{bucket}/{key}</c>. The metadata tree
/// cannot collide with a bucket because bucket names never start with '.'.
/// </summary>
internal sealed class LocalObjectPaths(string root)
{
    private const string MetadataFolder = ".clip-meta";

    public string Root { get; } = root;

    public string BucketDirectory(string bucket) => Path.Combine(Root, bucket);

    public string Data(string bucket, string key) => Path.Combine(Root, bucket, ToNative(key));

    public string Metadata(string bucket, string key) => Path.Combine(Root, MetadataFolder, bucket, ToNative(key));

    public string MetadataBucketDirectory(string bucket) => Path.Combine(Root, MetadataFolder, bucket);

    /// <summary>A fresh in-flight file name in <paramref name="directory"/>; never a valid key.</summary>
    public static string NewPartial(string directory) =>
        Path.Combine(directory, ObjectNames.ReservedSegmentPrefix + Guid.NewGuid().ToString("N"));

    public static bool IsPartial(string path) =>
        Path.GetFileName(path).StartsWith(ObjectNames.ReservedSegmentPrefix, StringComparison.Ordinal);

    /// <summary>The key of a data file found under a bucket directory.</summary>
    public static string KeyOf(string bucketDirectory, string dataPath) =>
        Path.GetRelativePath(bucketDirectory, dataPath).Replace(Path.DirectorySeparatorChar, '/');

    private static string ToNative(string key) => key.Replace('/', Path.DirectorySeparatorChar);
}
