using System.Net;
using System.Text.Json;
using Geopera.Clip.Workflows;
using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>Every operation's happy path and the status codes the spec names, through HTTP.</summary>
public sealed class OperationTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    private Tenant T => host.Tenant;

    [Fact]
    public async Task Create_from_item_answers_running_job_then_get_downloads_download_tile_info_work_once_completed()
    {
        var created = await (await host.Http.OpAsync("clip.create_from_item", T.FullKey, ApiCalls.CreateFromItemBody(T), Guid.NewGuid().ToString())).OkJsonAsync();
        var job = created.GetProperty("job");
        var jobId = job.GetProperty("id").GetString()!;
        Assert.Equal("running", job.GetProperty("status").GetString());
        Assert.Equal("cog_clip", job.GetProperty("job_type").GetString());
        Assert.Equal(T.OrganizationId, job.GetProperty("organization_id").GetString());
        Assert.Equal(1, created.GetProperty("assets_to_clip").GetInt32());
        Assert.Equal("visual", created.GetProperty("asset_keys")[0].GetString());

        await host.WaitForJobAsync(jobId);
        var got = await (await host.Http.OpAsync("clip.job.get", T.ReadKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal("completed", got.GetProperty("status").GetString());
        var clip = got.GetProperty("output_artifacts").GetProperty("clips")[0];
        Assert.EndsWith(".tif", clip.GetProperty("filename").GetString());
        Assert.StartsWith($"clips/{jobId}/", clip.GetProperty("gcs_path").GetString());

        var downloads = await (await host.Http.OpAsync("clip.job.downloads", T.ReadKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal(JsonValueKind.Array, downloads.ValueKind);
        var descriptor = downloads[0];
        var mosaic = descriptor.GetProperty("mosaic_type").GetString()!;
        var size = descriptor.GetProperty("size_bytes").GetInt64();

        var download = await host.Http.OpAsync("clip.job.download", T.ReadKey, new { job_id = jobId, mosaic_type = mosaic });
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/tiff", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(descriptor.GetProperty("filename").GetString(), download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(size, bytes.Length);
        Assert.Equal("II*\0"u8.ToArray(), bytes[..4]); // a little-endian TIFF

        var tile = await (await host.Http.OpAsync("clip.job.tile_info", T.ReadKey, new { job_id = jobId })).OkJsonAsync();
        var bounds = tile.GetProperty("bounds").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        Assert.InRange(bounds[0], 15.004, 15.006);
        Assert.InRange(bounds[1], 45.179, 45.181);
        Assert.InRange(bounds[2], 15.019, 15.021);
        Assert.InRange(bounds[3], 45.194, 45.196);
        Assert.Equal(4, tile.GetProperty("band_count").GetInt32()); // red, green, blue + the alpha mask of the cutline
        Assert.Equal(14, tile.GetProperty("max_zoom").GetInt32()); // 0.0001° ≈ 7.9 m at 45.2°N; z14 there is 6.7 m/px
        Assert.Equal(14, tile.GetProperty("min_zoom").GetInt32()); // a 0.015° extent fits one tile down to z14
        var band = tile.GetProperty("bands")[0];
        Assert.Equal("Byte", band.GetProperty("data_type").GetString());
        Assert.InRange(band.GetProperty("min").GetDouble(), 1, 200);
        Assert.InRange(band.GetProperty("max").GetDouble(), 1, 200);
    }

    [Fact]
    public async Task Create_from_area_clips_the_area_mosaics()
    {
        var body = $$"""{"area_id":"{{T.AreaId}}","project_id":"{{T.ProjectId}}","aoi_geometry":{{ApiCalls.Aoi}},"mosaic_types":["rgb"],"output_name":"area_clip"}""";
        var created = await (await host.Http.OpAsync("clip.create_from_area", T.FullKey, body, Guid.NewGuid().ToString())).OkJsonAsync();
        Assert.Equal("running", created.GetProperty("job").GetProperty("status").GetString());
        Assert.Equal("rgb", created.GetProperty("asset_keys")[0].GetString());
        var jobId = created.GetProperty("job").GetProperty("id").GetString()!;
        await host.WaitForJobAsync(jobId);
        var downloads = await (await host.Http.OpAsync("clip.job.downloads", T.ReadKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal("rgb", downloads[0].GetProperty("mosaic_type").GetString());
        Assert.Equal("area_clip_rgb.tif", downloads[0].GetProperty("filename").GetString());
    }

    [Fact]
    public async Task Jobs_list_pages_newest_first_filters_by_status_and_refuses_another_organization()
    {
        var tenant = await host.Seed.TenantAsync(host.SourceCog);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add(await host.CompletedJobAsync(tenant));
        var page = await (await host.Http.OpAsync("clip.jobs.list", tenant.ReadKey, new { organization_id = tenant.OrganizationId, limit = 2, offset = 0 })).OkJsonAsync();
        Assert.Equal(3, page.GetProperty("total").GetInt64());
        Assert.Equal(2, page.GetProperty("limit").GetInt32());
        Assert.Equal(2, page.GetProperty("jobs").GetArrayLength());
        Assert.Equal(ids[2], page.GetProperty("jobs")[0].GetProperty("id").GetString());
        var rest = await (await host.Http.OpAsync("clip.jobs.list", tenant.ReadKey, new { organization_id = tenant.OrganizationId, limit = 2, offset = 2 })).OkJsonAsync();
        Assert.Equal(ids[0], rest.GetProperty("jobs")[0].GetProperty("id").GetString());

        var defaults = await (await host.Http.OpAsync("clip.jobs.list", tenant.ReadKey, new { organization_id = tenant.OrganizationId })).OkJsonAsync();
        Assert.Equal(50, defaults.GetProperty("limit").GetInt32());
        Assert.Equal(0, defaults.GetProperty("offset").GetInt32());
        var running = await (await host.Http.OpAsync("clip.jobs.list", tenant.ReadKey, new { organization_id = tenant.OrganizationId, status = "running" })).OkJsonAsync();
        Assert.Equal(0, running.GetProperty("total").GetInt64());

        await (await host.Http.OpAsync("clip.jobs.list", tenant.ReadKey, new { organization_id = T.OrganizationId }))
            .ProblemAsync(HttpStatusCode.Forbidden, "forbidden-organization");
        await (await host.Http.OpAsync("clip.jobs.list", tenant.ReadKey, new { organization_id = tenant.OrganizationId, limit = 201 }))
            .ProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task While_running_get_reports_live_progress_and_outputs_answer_400()
    {
        var runner = host.RequireInProcessRunner();
        using var warps = runner.HoldWarps();
        var jobId = await host.CreateJobAsync(T);
        var state = await (await host.Http.OpAsync("clip.job.get", T.ReadKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal("running", state.GetProperty("status").GetString());
        Assert.Equal("visual", state.GetProperty("assets")[0].GetProperty("asset_key").GetString());
        foreach (var op in new[] { "clip.job.downloads", "clip.job.tile_info" })
            await (await host.Http.OpAsync(op, T.ReadKey, new { job_id = jobId })).ProblemAsync(HttpStatusCode.BadRequest, "job-not-completed");
        await (await host.Http.OpAsync("clip.job.download", T.ReadKey, new { job_id = jobId, mosaic_type = "rgb" })).ProblemAsync(HttpStatusCode.BadRequest, "job-not-completed");
        warps.Open();
        await host.WaitForJobAsync(jobId);
        var done = await (await host.Http.OpAsync("clip.job.get", T.ReadKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal("completed", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_warning_logged_inside_a_call_carries_its_operation_organization_key_and_job()
    {
        var runner = host.RequireInProcessRunner();
        using var warps = runner.HoldWarps();
        var jobId = await host.CreateJobAsync(T);

        // No server holds heartbeats here: the state query logs why it answers without them.
        await (await host.Http.OpAsync("clip.job.get", T.ReadKey, new { job_id = jobId })).OkJsonAsync();

        var warning = Assert.Single(host.Logs.Entries, e => e.EventId.Name == "QueryFailed" && e.Message.Contains(jobId, StringComparison.Ordinal));
        Assert.Contains(warning.Scopes!, s => s.StartsWith($"clip.job.get for {T.OrganizationId} with key key-", StringComparison.Ordinal));
        Assert.Contains($"job {jobId}", warning.Scopes!);
    }

    [Fact]
    public async Task Six_assets_warp_four_at_a_time_in_asset_order_and_all_complete()
    {
        var tenant = await host.Seed.TenantAsync(host.SourceCog);
        var item = await host.Seed.ItemAsync(tenant.ProjectId, [.. Enumerable.Range(1, 6).Select(i => ($"band_{i}", host.SourceCog))]);
        var runner = host.RequireInProcessRunner();
        using var warps = runner.HoldWarps();
        var body = $$"""{"source_item_id":"{{item}}","project_id":"{{tenant.ProjectId}}","aoi_geometry":{{ApiCalls.Aoi}},"output_name":"six"}""";
        var created = await (await host.Http.OpAsync("clip.create_from_item", tenant.FullKey, body, Guid.NewGuid().ToString())).OkJsonAsync();
        var jobId = created.GetProperty("job").GetProperty("id").GetString()!;

        var state = await (await host.Http.OpAsync("clip.job.get", tenant.ReadKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal(["running", "running", "running", "running", "scheduled", "scheduled"],
            state.GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("status").GetString()));

        warps.Open();
        await host.WaitForJobAsync(jobId);
        var done = await (await host.Http.OpAsync("clip.job.get", tenant.ReadKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(6, done.GetProperty("output_artifacts").GetProperty("clips").GetArrayLength());
        Assert.InRange(runner.MostWarpsAtOnce, 1, ActivityPolicies.MaxParallelWarps);
    }

    [Fact]
    public async Task A_warp_that_fails_fails_the_job_with_its_own_error_and_leaves_no_files_or_reservation()
    {
        var tenant = await host.Seed.TenantAsync(host.SourceCog);
        // Beside the good source (an allowed root): its header and tile index, none of its tiles.
        var broken = Path.Combine(Path.GetDirectoryName(host.SourceCog)!, $"broken-{Guid.NewGuid():N}.tif");
        await File.WriteAllBytesAsync(broken, [.. File.ReadAllBytes(host.SourceCog).Take(4096)], TestContext.Current.CancellationToken);
        var item = await host.Seed.ItemAsync(tenant.ProjectId, ("band_1", host.SourceCog), ("band_2", broken), ("band_3", host.SourceCog));

        var body = $$"""{"source_item_id":"{{item}}","project_id":"{{tenant.ProjectId}}","aoi_geometry":{{ApiCalls.Aoi}},"output_name":"broken"}""";
        // Admission reads headers only: the job is admitted and the warp of band_2 fails on its tiles.
        var created = await (await host.Http.OpAsync("clip.create_from_item", tenant.FullKey, body, Guid.NewGuid().ToString())).OkJsonAsync();
        var jobId = created.GetProperty("job").GetProperty("id").GetString()!;
        await host.WaitForJobAsync(jobId);

        var state = await (await host.Http.OpAsync("clip.job.get", tenant.ReadKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal("failed", state.GetProperty("status").GetString());
        // The warp's own error, not the cancellation it caused in its siblings.
        Assert.StartsWith("InvalidRaster: ", state.GetProperty("failure").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.StorageTree(), p => p.Contains(jobId, StringComparison.Ordinal));
        Assert.Equal(0, await host.Seed.ScalarAsync("SELECT reserved_units + committed_units FROM credit_accounts WHERE organization_id = $1", tenant.OrganizationId));
    }

    [Fact]
    public async Task Outputs_of_a_job_that_did_not_complete_answer_400()
    {
        var jobId = await host.CreateJobAsync(T);
        await host.WaitForJobAsync(jobId);
        await host.Seed.ExecAsync("UPDATE jobs SET status = 'failed' WHERE id = $1::uuid", jobId);
        foreach (var op in new[] { "clip.job.downloads", "clip.job.tile_info" })
        {
            var problem = await (await host.Http.OpAsync(op, T.ReadKey, new { job_id = jobId })).ProblemAsync(HttpStatusCode.BadRequest, "job-not-completed");
            // The job's state has its own member: RFC 9457's `status` stays the HTTP status.
            Assert.Equal(("failed", 400), (problem.GetProperty("job_status").GetString(), problem.GetProperty("status").GetInt32()));
        }
        await (await host.Http.OpAsync("clip.job.download", T.ReadKey, new { job_id = jobId, mosaic_type = "rgb" })).ProblemAsync(HttpStatusCode.BadRequest, "job-not-completed");
    }

    [Fact]
    public async Task Unknown_job_and_unknown_mosaic_answer_404()
    {
        var unknown = Guid.NewGuid().ToString();
        foreach (var op in new[] { "clip.job.get", "clip.job.downloads", "clip.job.tile_info", "clip.job.delete" })
            await (await host.Http.OpAsync(op, T.FullKey, new { job_id = unknown })).ProblemAsync(HttpStatusCode.NotFound, "job-not-found");
        var jobId = await host.CompletedJobAsync(T);
        await (await host.Http.OpAsync("clip.job.download", T.ReadKey, new { job_id = jobId, mosaic_type = "thermal" })).ProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Delete_removes_files_hides_the_job_and_is_idempotent()
    {
        var jobId = await host.CompletedJobAsync(T, "to_delete");
        Assert.Contains(host.StorageTree(), p => p.Contains(jobId));
        var first = await (await host.Http.OpAsync("clip.job.delete", T.FullKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal("deleted", first.GetProperty("status").GetString());
        Assert.False(first.GetProperty("cancelled").GetBoolean());
        Assert.True(first.GetProperty("files_deleted").GetInt32() >= 1);
        Assert.DoesNotContain(host.StorageTree(), p => p.Contains(jobId));
        await (await host.Http.OpAsync("clip.job.get", T.ReadKey, new { job_id = jobId })).ProblemAsync(HttpStatusCode.NotFound);

        var second = await (await host.Http.OpAsync("clip.job.delete", T.FullKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal("deleted", second.GetProperty("status").GetString());
        Assert.Equal(0, second.GetProperty("files_deleted").GetInt32());
    }

    [Fact]
    public async Task Deleting_a_running_job_cancels_it_releases_its_credits_and_leaves_no_files()
    {
        var tenant = await host.Seed.TenantAsync(host.SourceCog);
        var runner = host.RequireInProcessRunner();
        using var warps = runner.HoldWarps();
        var jobId = await host.CreateJobAsync(tenant);
        Assert.True(await host.Seed.ScalarAsync("SELECT reserved_units FROM credit_accounts WHERE organization_id = $1", tenant.OrganizationId) > 0);
        // Cancelling returns at once; the delete waits (bounded) for the compensation to close the job.
        var deleted = await (await host.Http.OpAsync("clip.job.delete", tenant.FullKey, new { job_id = jobId })).OkJsonAsync();
        Assert.True(deleted.GetProperty("cancelled").GetBoolean());
        Assert.Equal("deleted", deleted.GetProperty("status").GetString());
        await host.WaitForJobAsync(jobId);
        Assert.Equal(0, await host.Seed.ScalarAsync("SELECT reserved_units FROM credit_accounts WHERE organization_id = $1", tenant.OrganizationId));
        Assert.Equal(0, await host.Seed.ScalarAsync("SELECT committed_units FROM credit_accounts WHERE organization_id = $1", tenant.OrganizationId));
        Assert.Equal(1, await host.Seed.ScalarAsync("SELECT count(*) FROM jobs WHERE id = $1::uuid AND status = 'cancelled' AND deleted_at IS NOT NULL", jobId));
        Assert.DoesNotContain(host.StorageTree(), p => p.Contains(jobId));
    }

    [Fact]
    public async Task Deleting_a_job_whose_compensation_has_not_run_yet_answers_deleting_and_never_counts_a_late_upload()
    {
        var tenant = await host.Seed.TenantAsync(host.SourceCog);
        var runner = host.RequireInProcessRunner();
        using var warps = runner.HoldWarps();
        using var compensations = runner.HoldCompensations();
        var jobId = await host.CreateJobAsync(tenant);
        var first = await (await host.Http.OpAsync("clip.job.delete", tenant.FullKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal(("deleting", true, 0), (first.GetProperty("status").GetString(), first.GetProperty("cancelled").GetBoolean(), first.GetProperty("files_deleted").GetInt32()));
        // Not hidden yet: the caller can still see it while its compensation runs.
        await (await host.Http.OpAsync("clip.job.get", tenant.ReadKey, new { job_id = jobId })).OkJsonAsync();

        // A warp that was uploading when the cancel arrived finishes its upload afterwards.
        var late = Path.Combine(host.StorageRoot, "late.tif");
        await File.WriteAllBytesAsync(late, [1, 2, 3], TestContext.Current.CancellationToken);
        await host.Store.PutFileAsync(ApiSeed.Bucket, $"clips/{jobId}/harbour_clip_rgb.tif", late, "image/tiff", TestContext.Current.CancellationToken);
        File.Delete(late);

        compensations.Open();
        await host.WaitForJobAsync(jobId);
        Assert.DoesNotContain(host.StorageTree(), p => p.Contains(jobId, StringComparison.Ordinal)); // the compensation removed it

        var second = await (await host.Http.OpAsync("clip.job.delete", tenant.FullKey, new { job_id = jobId })).OkJsonAsync();
        Assert.Equal(("deleted", false, 0), (second.GetProperty("status").GetString(), second.GetProperty("cancelled").GetBoolean(), second.GetProperty("files_deleted").GetInt32()));
        await (await host.Http.OpAsync("clip.job.get", tenant.ReadKey, new { job_id = jobId })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await host.Seed.ScalarAsync("SELECT reserved_units FROM credit_accounts WHERE organization_id = $1", tenant.OrganizationId));
    }
}
