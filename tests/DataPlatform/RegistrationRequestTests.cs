using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Activities.DataPlatform.Jobs;
using Geopera.Clip.Workflows.Contracts;
using Xunit;

namespace Geopera.Clip.Tests.DataPlatform;

/// <summary>What register-artifacts refuses before it writes anything, and the credits a job that
/// produced some of its outputs commits.</summary>
public sealed class RegistrationRequestTests
{
    private const string JobId = "7d0c2a51-3f0e-4b8e-9a51-2b6c1d7e8f90";

    private static ClipArtifact Artifact(string mosaicType = "rgb", string? path = null, long size = 10, string filename = "out_rgb.tif", string checksum = "sha256:ab") =>
        new(mosaicType, filename, size, path ?? $"clips/{JobId}/out_{mosaicType}.tif", checksum, null);

    private static RegisterArtifactsInput Input(IReadOnlyList<ClipArtifact> artifacts, string organization = "org-1", string? collection = null) =>
        new(JobId, organization, "proj-1", collection, "out", artifacts);

    private static string Refusal(RegisterArtifactsInput input)
    {
        var e = Assert.Throws<DataPlatformException>(() => RegistrationRequest.Validate(input));
        Assert.Equal(ClipErrors.InvalidRequest, e.ErrorType);
        return e.Message;
    }

    [Fact]
    public void A_job_with_its_outputs_under_its_prefix_is_accepted()
    {
        RegistrationRequest.Validate(Input([Artifact("rgb"), Artifact("nir", size: 0), Artifact("ndvi", path: $"clips/{JobId}/nested/ndvi.tif")], collection: "col-1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_input_without_organization_is_refused(string organization) =>
        Assert.Equal("The organization is missing.", Refusal(Input([Artifact()], organization)));

    [Fact]
    public void An_input_without_artifacts_or_with_an_empty_collection_is_refused()
    {
        Assert.Equal($"Job {JobId} has no artifacts to register.", Refusal(Input([])));
        Assert.Equal($"Job {JobId} has no artifacts to register.", Refusal(Input(null!)));
        Assert.Equal("target_collection_id is empty; omit it to register nothing.", Refusal(Input([Artifact()], collection: "")));
    }

    [Fact]
    public void Every_artifact_needs_a_mosaic_type_a_file_name_and_a_checksum()
    {
        const string message = "Every artifact needs a mosaic type, a file name and a checksum.";
        Assert.Equal(message, Refusal(Input([Artifact(), null!])));
        Assert.Equal(message, Refusal(Input([Artifact(mosaicType: " ")])));
        Assert.Equal(message, Refusal(Input([Artifact(filename: "")])));
        Assert.Equal(message, Refusal(Input([Artifact(checksum: "")])));
    }

    [Fact]
    public void Two_artifacts_of_one_mosaic_type_or_a_negative_size_are_refused()
    {
        Assert.Equal("Two artifacts share mosaic type 'rgb'.", Refusal(Input([Artifact("rgb"), Artifact("rgb", path: $"clips/{JobId}/other.tif")])));
        Assert.Equal("Artifact nir has a negative size (-1).", Refusal(Input([Artifact("nir", size: -1)])));
    }

    [Theory]
    [InlineData("clips/" + JobId + "/")]
    [InlineData("clips/another-job/out.tif")]
    [InlineData("out.tif")]
    [InlineData("clips/" + JobId + "/../escape.tif")]
    [InlineData("clips/" + JobId + "/./out.tif")]
    [InlineData("clips/" + JobId + "//out.tif")]
    [InlineData("clips/" + JobId + "/out.tif/")]
    public void Paths_outside_the_jobs_prefix_are_refused(string path) =>
        Assert.Equal($"Artifact path '{path}' is not an object under clips/{JobId}/.", Refusal(Input([Artifact(path: path)])));

    [Theory]
    [InlineData(100, 4, 4, 100)]
    [InlineData(100, 4, 3, 75)]
    [InlineData(100, 3, 1, 34)] // a third, rounded up
    [InlineData(7, 3, 2, 5)]
    [InlineData(1, 3, 1, 1)]
    [InlineData(100, 2, 5, 100)] // never more than reserved
    [InlineData(100, 0, 0, 100)] // no asset count: the whole reservation
    [InlineData(100, 4, 0, 0)]
    public void Used_units_are_the_reservation_pro_rata_of_the_outputs_rounded_up(long reserved, int assets, int artifacts, long used) =>
        Assert.Equal(used, RegistrationRequest.UsedUnits(reserved, assets, artifacts));
}
