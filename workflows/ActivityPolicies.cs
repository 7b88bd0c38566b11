using Geopera.Clip.Workflows.Contracts;
using Temporalio.Common;
using Temporalio.Workflows;

namespace Geopera.Clip.Workflows;

/// <summary>
/// Timeouts and retry policies of every clip activity, chosen for what each one does. Changing a
/// value here affects only newly scheduled activities (policies are not part of replay).
/// </summary>
public static class ActivityPolicies
{
    /// <summary>Task queue of the warp activity when the job input names none; the warp worker
    /// listens on <c>Temporal:WarpTaskQueue</c>, whose default is the same name.</summary>
    public const string DefaultWarpTaskQueue = "clip-warp";

    /// <summary>How many warps of one job run at once. Warp workers bound CPU use themselves
    /// (MaxConcurrentActivities); this keeps one big job from occupying every warp slot.</summary>
    public const int MaxParallelWarps = 4;

    /// <summary>
    /// resolve-assets and reserve-credits: short database transactions while the API caller waits
    /// for admission. 30 s per attempt; 1 s, 2 s, 4 s … capped at 30 s; 6 attempts (about 2 min in
    /// all) so a database outage fails the admission instead of hanging the request. Bad requests
    /// (<see cref="ClipErrors.NonRetryableAdmission"/>) are never retried. reserve-credits passes a
    /// token the workflow's cancellation does not reach: a reservation must not commit after
    /// compensation ran, so a cancelled job waits for it and then releases it.
    /// </summary>
    public static ActivityOptions Admission(string summary, CancellationToken? cancellation = null) => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = Backoff(maximumAttempts: 6, ClipErrors.NonRetryableAdmission),
        CancellationToken = cancellation,
        Summary = summary,
    };

    /// <summary>
    /// register-artifacts: idempotent database work after every warp succeeded. Retried without an
    /// attempt limit (1 s … 30 s backoff) because giving up would throw away finished warps; a
    /// non-retryable data-platform error (e.g. the project was deleted) fails the job. Not cancelled
    /// with the workflow (the caller passes a detached token): once every warp succeeded, the job
    /// completes rather than racing compensation against a commit.
    /// </summary>
    public static ActivityOptions Register(string summary, CancellationToken detached) => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = Backoff(maximumAttempts: 0, ClipErrors.NonRetryableAdmission),
        CancellationToken = detached,
        Summary = summary,
    };

    /// <summary>
    /// delete-outputs and close-job (compensation): idempotent, and must happen however long the
    /// outage, or credits stay reserved and files orphaned. Unlimited attempts, 1 s … 30 s backoff,
    /// 5 min per attempt (a delete may list and remove many objects). The caller passes a token
    /// that the workflow's cancellation does not reach.
    /// </summary>
    public static ActivityOptions Compensation(string summary, CancellationToken detached) => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(5),
        RetryPolicy = Backoff(maximumAttempts: 0, []),
        CancellationToken = detached,
        Summary = summary,
    };

    /// <summary>
    /// warp: CPU-heavy GDAL work on the warp task queue. 30 min per attempt; the warp heartbeats
    /// from start to return (every 15 s and at each stage: slot wait, GDAL, quicklook, upload,
    /// checksum), so a dead worker is noticed within a minute and the warp retried elsewhere, and a
    /// cancellation reaches it in every stage; 5 attempts, 5 s … 2 min backoff. A bad raster or AOI
    /// (<see cref="ClipErrors.NonRetryableWarp"/>) fails at once. Cancellation waits for the warp to
    /// acknowledge, so compensation never deletes outputs that a still-running warp then uploads.
    /// </summary>
    public static ActivityOptions Warp(string taskQueue, string summary, CancellationToken cancellation) => new()
    {
        TaskQueue = taskQueue,
        StartToCloseTimeout = TimeSpan.FromMinutes(30),
        HeartbeatTimeout = TimeSpan.FromSeconds(60),
        RetryPolicy = new RetryPolicy
        {
            InitialInterval = TimeSpan.FromSeconds(5),
            BackoffCoefficient = 2.0f,
            MaximumInterval = TimeSpan.FromMinutes(2),
            MaximumAttempts = 5,
            NonRetryableErrorTypes = [.. ClipErrors.NonRetryableWarp],
        },
        CancellationType = ActivityCancellationType.WaitCancellationCompleted,
        CancellationToken = cancellation,
        Summary = summary,
    };

    // 0 attempts means unlimited in Temporal.
    private static RetryPolicy Backoff(int maximumAttempts, IReadOnlyList<string> nonRetryable) => new()
    {
        InitialInterval = TimeSpan.FromSeconds(1),
        BackoffCoefficient = 2.0f,
        MaximumInterval = TimeSpan.FromSeconds(30),
        MaximumAttempts = maximumAttempts,
        NonRetryableErrorTypes = [.. nonRetryable],
    };
}
