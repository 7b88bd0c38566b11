using Geopera.Clip.Host.Api.Admission;
using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Converters;
using Xunit;

namespace Geopera.Clip.Tests.Api;

public sealed class WarpHeartbeatsTests
{
    private static readonly IPayloadConverter Converter = DataConverter.Default.PayloadConverter;

    private static ClipJobState State(params AssetProgress[] assets) =>
        new("job", "org", JobStatus.Running, assets, [], null);

    private static PendingActivityInfo Pending(string type, params object[] details)
    {
        var info = new PendingActivityInfo { ActivityType = new ActivityType { Name = type } };
        if (details.Length > 0)
        {
            info.HeartbeatDetails = new Payloads();
            info.HeartbeatDetails.Payloads_.AddRange(details.Select(d => Converter.ToPayload(d)));
        }
        return info;
    }

    [Fact]
    public void Running_warps_take_their_fraction_from_the_last_heartbeat()
    {
        var heartbeats = WarpHeartbeats.From(
            [Pending(ActivityNames.Warp, new WarpProgress("rgb", 0.4)), Pending(ActivityNames.Warp, new WarpProgress("ndvi", 0.9)),
             Pending(ActivityNames.Warp), Pending(ActivityNames.RegisterArtifacts, new WarpProgress("rgb", 1.0))],
            Converter);

        var merged = WarpHeartbeats.Merge(State(
            new AssetProgress("data", "rgb", "running", 0),
            new AssetProgress("ndvi", "ndvi", "running", 0),
            new AssetProgress("nir", "nir", "scheduled", 0)), heartbeats);

        Assert.Equal([0.4, 0.9, 0.0], merged.Assets.Select(a => a.Fraction));
    }

    [Fact]
    public void Fractions_never_go_back_or_past_one()
    {
        var merged = WarpHeartbeats.Merge(
            State(new AssetProgress("a", "rgb", "completed", 1.0), new AssetProgress("b", "nir", "running", 0.2)),
            [new WarpProgress("rgb", 0.5), new WarpProgress("nir", 7)]);
        Assert.Equal([1.0, 1.0], merged.Assets.Select(a => a.Fraction));
    }

    [Fact]
    public void Of_several_heartbeats_for_one_asset_the_furthest_counts()
    {
        var merged = WarpHeartbeats.Merge(
            State(new AssetProgress("a", "rgb", "running", 0.1)),
            [new WarpProgress("rgb", 0.3), new WarpProgress("rgb", 0.7), new WarpProgress("rgb", 0.5)]);
        Assert.Equal([0.7], merged.Assets.Select(a => a.Fraction));
    }

    [Fact]
    public void A_fraction_below_zero_is_never_reported()
    {
        var unchanged = State(new AssetProgress("a", "rgb", "running", 0.2));
        Assert.Same(unchanged, WarpHeartbeats.Merge(unchanged, []));
        Assert.Equal([0.2], WarpHeartbeats.Merge(unchanged, [new WarpProgress("rgb", -3)]).Assets.Select(a => a.Fraction));
    }

    [Fact]
    public void A_warp_that_heartbeated_without_details_is_ignored()
    {
        var withoutDetails = Pending(ActivityNames.Warp);
        withoutDetails.HeartbeatDetails = new Payloads();
        Assert.Empty(WarpHeartbeats.From([withoutDetails], Converter));
    }

    [Fact]
    public void A_heartbeat_of_another_shape_is_ignored()
    {
        Assert.Empty(WarpHeartbeats.From([Pending(ActivityNames.Warp, "not progress")], Converter));
    }

    /// <summary>The shape older workers heartbeat and older gateways decode into.</summary>
    private sealed record WarpProgressWithoutStage(string MosaicType, double Fraction);

    [Fact]
    public void Heartbeats_with_and_without_a_stage_decode_both_ways()
    {
        var fromOlderWorker = WarpHeartbeats.From([Pending(ActivityNames.Warp, new WarpProgressWithoutStage("rgb", 0.25))], Converter);
        Assert.Equal([new WarpProgress("rgb", 0.25)], fromOlderWorker);

        var current = Converter.ToPayload(new WarpProgress("nir", 1.0, WarpStages.Uploading));
        Assert.Equal(new WarpProgressWithoutStage("nir", 1.0), Converter.ToValue<WarpProgressWithoutStage>(current));
        Assert.Equal([new WarpProgress("nir", 1.0, WarpStages.Uploading)],
            WarpHeartbeats.From([Pending(ActivityNames.Warp, new WarpProgress("nir", 1.0, WarpStages.Uploading))], Converter));
    }
}
