using System.Diagnostics;
using Geopera.Clip.Host.Telemetry;
using Geopera.Clip.Workflows;
using Geopera.Clip.Workflows.Activities;
using Geopera.Clip.Workflows.Contracts;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;
using Temporalio.Converters;
using Xunit;

namespace Geopera.Clip.Tests.Workflow;

/// <summary>
/// The largest job the service admits (<see cref="LargestJob"/>), each warp retried once, recorded
/// as a live worker and a server would (activity inputs and trace headers from the real workflow
/// code, the Admit answer and the final state it returns), replayed, and measured against a Temporal
/// server's default limits (temporalio/temporal <c>common/dynamicconfig/constants.go</c>:
/// limit.historyCount.warn 10,240 / error 51,200 events, limit.historySize.warn 10 MB / error 50 MB,
/// limit.blobSize.error 2 MB per payload). Sizes are the events' protobuf sizes, as the server counts them.
/// </summary>
public sealed class LargestJobHistoryTests
{
    private const int EventsWarn = 10 * 1024;
    private const long BytesWarn = 10L * 1024 * 1024;
    private const long PayloadError = 2L * 1024 * 1024;

    private sealed record Measured(int Events, long Bytes, long LargestEvent, int EventsWithTheAoi, string BytesByType)
    {
        public override string ToString() =>
            $"{Events:N0} events (warn {EventsWarn:N0}), {Bytes:N0} bytes (warn {BytesWarn:N0}), largest event {LargestEvent:N0} bytes (payload limit {PayloadError:N0}), the AOI in {EventsWithTheAoi} event(s); bytes by event type: {BytesByType}";
    }

    /// <param name="reshape">The warp input an older workflow scheduled, for comparison.</param>
    private static async Task<WorkflowHistory> RecordAsync(Func<object?, object?>? reshape = null)
    {
        var input = LargestJob.Input();
        var resolved = LargestJob.Resolved();
        var mosaics = MosaicTypes.Assign(resolved.Assets);
        var script = new ClipHistoryScript(input)
            .Activity(ActivityNames.ResolveAssets, resolved)
            .Activity(ActivityNames.ReserveCredits, new CreditReservation(input.JobId, resolved.ComputeUnits, 0, 100_000_000));
        var warps = script.AdmittedWithWarps(ActivityPolicies.MaxParallelWarps);
        script.AdmitReturns(LargestJob.Assets);
        // One workflow task per completion (the most events; a server may batch some), each freed
        // slot taken by the next asset's warp; every warp's second attempt succeeds.
        for (var i = 0; i < LargestJob.Assets; i++)
        {
            script.ActivityCompletes(warps[i], LargestJob.Artifact(input, mosaics[i]), attempt: 2, lastFailure: LargestJob.FirstAttemptFailure()).WorkflowTask();
            if (warps.Count < LargestJob.Assets)
                warps.AddRange(script.ScheduleWarps(1));
        }
        var skeleton = script.Activity(ActivityNames.RegisterArtifacts, null).Status(JobStatus.Completed).Completed(null).Build();

        // The create's trace and the job's ids, as the API's start carries them to every activity.
        using var create = new Activity("clip.create_from_item").Start();
        skeleton.Events.First().WorkflowExecutionStartedEventAttributes.Header = new Header { Fields = { JobContextHeaders.Add(null, create, input) } };
        var outcome = new OutcomeCapture();
        var recorded = await RecordedActivityInputs.FillAsync(skeleton, [outcome, new JobContextInterceptor()], reshape);
        var converter = DataConverter.Default.PayloadConverter;
        recorded.Events.Single(e => e.EventType == EventType.WorkflowExecutionUpdateCompleted)
            .WorkflowExecutionUpdateCompletedEventAttributes.Outcome.Success = new Payloads { Payloads_ = { converter.ToPayload(Assert.Single(outcome.AdmitOutcomes)) } };
        recorded.Events.Last().WorkflowExecutionCompletedEventAttributes.Result = new Payloads { Payloads_ = { converter.ToPayload(outcome.FinalState) } };

        await ClipReplayTests.Replayer().ReplayWorkflowAsync(recorded, throwOnReplayFailure: true, TestContext.Current.CancellationToken);
        return recorded;
    }

    private static Measured Measure(WorkflowHistory history, string aoi)
    {
        var sizes = history.Events.Select(e => (long)e.CalculateSize()).ToList();
        // A run of the coordinates: digits and brackets read the same inside a JSON string as outside it.
        var coordinates = aoi.IndexOf("[[[", StringComparison.Ordinal);
        var aoiBytes = ByteString.CopyFromUtf8(aoi.Substring(coordinates, 200));
        var withAoi = history.Events.Count(e => e.ToByteString().Span.IndexOf(aoiBytes.Span) >= 0);
        var byType = history.Events.GroupBy(e => e.EventType)
            .Select(g => (Type: g.Key, Count: g.Count(), Bytes: g.Sum(e => (long)e.CalculateSize())))
            .OrderByDescending(t => t.Bytes)
            .Select(t => $"{t.Type} {t.Count}x {t.Bytes:N0}");
        return new Measured(history.Events.Count, sizes.Sum(), sizes.Max(), withAoi, string.Join(", ", byType));
    }

    [Fact]
    public async Task The_largest_allowed_job_retried_once_per_warp_stays_under_Temporals_warning_limits()
    {
        var measured = Measure(await RecordAsync(), LargestJob.AoiGeoJson());
        TestContext.Current.TestOutputHelper?.WriteLine($"Largest job ({LargestJob.Assets} assets, each warp retried once): {measured}");

        Assert.True(measured.Events < EventsWarn, measured.ToString());
        Assert.True(measured.Bytes < BytesWarn, measured.ToString());
        Assert.True(measured.LargestEvent < PayloadError, measured.ToString());
    }

    [Fact]
    public async Task Its_warps_do_not_copy_the_aoi_which_the_history_holds_only_in_the_start_and_the_admission_inputs()
    {
        var aoi = LargestJob.AoiGeoJson();
        var current = Measure(await RecordAsync(), aoi);
        // The same job as the workflow scheduled it before: replays too, and carries the AOI once per warp.
        var older = Measure(await RecordAsync(a => a is WarpInput w ? w with { AoiGeoJson = aoi } : a), aoi);
        TestContext.Current.TestOutputHelper?.WriteLine($"now: {current}; with the AOI in every warp input: {older}");

        // Start (the AOI and the raw body), resolve-assets and reserve-credits inputs.
        Assert.Equal(3, current.EventsWithTheAoi);
        Assert.Equal(3 + LargestJob.Assets, older.EventsWithTheAoi);
        Assert.True(older.Bytes - current.Bytes >= (long)LargestJob.Assets * aoi.Length, $"{older.Bytes} - {current.Bytes}");
    }
}
