using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Api.Workflow.V1;
using Temporalio.Converters;

namespace Geopera.Clip.Host.Api.Admission;

/// <summary>
/// Live warp progress. The workflow records each asset's status but cannot see heartbeats; the
/// server keeps the last heartbeat of every pending activity, so the job state the API reports
/// takes each running warp's fraction from there.
/// </summary>
public static class WarpHeartbeats
{
    /// <summary>The last <see cref="WarpProgress"/> of every pending warp that has heartbeated.</summary>
    public static IReadOnlyList<WarpProgress> From(IEnumerable<PendingActivityInfo> pending, IPayloadConverter converter) =>
        [.. pending
            .Where(activity => activity.ActivityType?.Name == ActivityNames.Warp && activity.HeartbeatDetails?.Payloads_.Count > 0)
            .Select(activity => TryDecode(activity.HeartbeatDetails.Payloads_[^1], converter))
            .OfType<WarpProgress>()];

    /// <summary>The state with each running asset's fraction replaced by its heartbeat's, where one
    /// exists. Fractions only move forward and stay within [0, 1].</summary>
    public static ClipJobState Merge(ClipJobState state, IReadOnlyList<WarpProgress> heartbeats)
    {
        if (heartbeats.Count == 0)
            return state;
        var latest = heartbeats
            .GroupBy(h => h.MosaicType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(h => h.Fraction), StringComparer.Ordinal);
        return state with
        {
            Assets = [.. state.Assets.Select(asset => latest.TryGetValue(asset.MosaicType, out var fraction) && fraction > asset.Fraction
                ? asset with { Fraction = Math.Clamp(fraction, 0, 1) }
                : asset)],
        };
    }

    private static WarpProgress? TryDecode(Temporalio.Api.Common.V1.Payload payload, IPayloadConverter converter)
    {
        try
        {
            return converter.ToValue<WarpProgress>(payload);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException or NotSupportedException)
        {
            // A heartbeat from an older worker version with another shape: progress is best effort.
            return null;
        }
    }
}
