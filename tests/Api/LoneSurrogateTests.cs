using System.Net;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>A lone UTF-16 surrogate escape ("\ud800") is valid JSON with no text: wherever it sits,
/// on every operation, the answer is a 400 naming the field, and nothing changes.</summary>
public sealed class LoneSurrogateTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var operation in Host.Api.Operations.OperationCatalog.Descriptors.Select(o => o.Id))
        {
            data.Add(operation, """{"job_id":"\ud800"}""", "job_id");
            data.Add(operation, """{"\udc00":"x"}""", @"\udc00");
            data.Add(operation, """{"aoi_geometry":{"type":"Polygon","coordinates":[[[1,2],"\udbff"]]}}""", "aoi_geometry.coordinates[0][1]");
            data.Add(operation, """{"asset_keys":["visual","a\ud800b"]}""", "asset_keys[1]");
            data.Add(operation, """{"x":{"y\udfff":{"z":1}}}""", @"x.y\udfff");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Lone_surrogate_is_a_400_naming_the_field(string operation, string body, string field)
    {
        var before = await host.Seed.WritableStateAsync();
        var response = await host.Http.OpAsync(operation, host.Tenant.FullKey, body, "k-" + Guid.NewGuid());
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Contains("surrogate", error.GetProperty("message").GetString());
        Assert.Equal(before, await host.Seed.WritableStateAsync());
        Assert.Empty(host.Logs.ErrorsOfThisHost);
    }
}
