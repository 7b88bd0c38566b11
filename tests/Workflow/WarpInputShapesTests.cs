using Geopera.Clip.Workflows.Contracts;
using Temporalio.Converters;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// Warp inputs of both shapes decode: the payload an older workflow scheduled (the AOI between the
/// mosaic type and the bucket, as that record serialized it) is still in running jobs' histories
/// and is what the server hands a retried attempt after a deploy; the current one leaves it out.
/// </summary>
public sealed class WarpInputShapesTests
{
    private static readonly IPayloadConverter Converter = DataConverter.Default.PayloadConverter;

    private static WarpInput Decode(string json) =>
        (WarpInput)Converter.ToValue(new Temporalio.Api.Common.V1.Payload
        {
            Metadata = { ["encoding"] = Google.Protobuf.ByteString.CopyFromUtf8("json/plain") },
            Data = Google.Protobuf.ByteString.CopyFromUtf8(json),
        }, typeof(WarpInput))!;

    [Fact]
    public void An_input_scheduled_before_the_aoi_left_it_keeps_its_aoi()
    {
        var old = Decode("""
            {"JobId":"j1","Asset":{"Key":"data","Href":"gs://s/a.tif","MediaType":null,"MosaicType":null,"BandNames":[]},
             "MosaicType":"rgb","AoiGeoJson":"{\"type\":\"Polygon\",\"coordinates\":[]}","OutputBucket":"out","OutputName":"clip"}
            """);

        Assert.Equal(("j1", "rgb", "out", "clip"), (old.JobId, old.MosaicType, old.OutputBucket, old.OutputName));
        Assert.Equal("""{"type":"Polygon","coordinates":[]}""", old.AoiGeoJson);
    }

    [Fact]
    public void The_current_input_has_no_aoi_and_round_trips()
    {
        var current = new WarpInput("j1", new SourceAsset("data", "gs://s/a.tif", null, null, []), "rgb", "out", "clip");
        var payload = Converter.ToPayload(current);

        Assert.DoesNotContain("Polygon", payload.Data.ToStringUtf8(), StringComparison.Ordinal);
        Assert.Null(Decode(payload.Data.ToStringUtf8()).AoiGeoJson);
        Assert.Null(Decode("""{"JobId":"j1","Asset":{"Key":"data","Href":"h","BandNames":[]},"MosaicType":"rgb","OutputBucket":"out","OutputName":"clip"}""").AoiGeoJson);
    }
}
