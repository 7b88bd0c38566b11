using System.Globalization;
using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Activities.Raster.Admission;

/// <summary>
/// What changes when the raster behind an href is replaced: the object's size, hash and update time
/// (gs://), the ETag or Last-Modified and length of a HEAD (https://), the file's size and write time
/// (local). Null when it cannot be told (a HEAD refused, e.g. by a URL signed for GET only): the
/// header is then read afresh.
/// </summary>
public sealed class SourceVersions(IObjectStore? store, HttpClient http)
{
    public async Task<string?> OfAsync(string href, CancellationToken ct)
    {
        try
        {
            if (href.StartsWith("gs://", StringComparison.Ordinal))
            {
                if (store is null) return null;
                var (bucket, key) = SourcePathResolver.SplitGs(href);
                var info = await store.StatAsync(bucket, key, ct).ConfigureAwait(false);
                return FormattableString.Invariant($"{info.SizeBytes}|{info.Md5Base64 ?? info.Crc32cBase64}|{info.Updated:O}");
            }
            if (href.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                return await HeadAsync(href, ct).ConfigureAwait(false);
            var file = new FileInfo(href);
            return file.Exists ? string.Create(CultureInfo.InvariantCulture, $"{file.Length}|{file.LastWriteTimeUtc.Ticks}") : null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or ClipFailure or ObjectNotFoundException or StorageUnavailableException
            or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null; // unknown version: read the header, do not cache it
        }
    }

    private async Task<string?> HeadAsync(string url, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, url);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) return null;
        if (response.Headers.ETag is { } etag) return etag.ToString();
        return response.Content.Headers.LastModified is { } modified
            ? FormattableString.Invariant($"{response.Content.Headers.ContentLength}|{modified:O}")
            : null;
    }
}
