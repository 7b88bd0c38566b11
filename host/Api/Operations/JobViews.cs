using Geopera.Clip.Activities.DataPlatform;
using Geopera.Clip.Host.Api.Contracts;
using Geopera.Clip.Workflows.Contracts;

namespace Geopera.Clip.Host.Api.Operations;

/// <summary>Builds the job view from the job row and, while the workflow lives, its query state.</summary>
public static class JobViews
{
    /// <summary>The row is the record of truth once terminal; before that the workflow's state is
    /// fresher (status, per-asset progress, outputs as they land).</summary>
    public static JobView From(JobRecord row, ClipJobState? live = null)
    {
        var useLive = live is not null && !JobStatus.IsTerminal(row.Status);
        var status = useLive ? live!.Status : row.Status;
        var artifacts = useLive && live!.OutputArtifacts.Count > 0 ? live.OutputArtifacts : row.OutputArtifacts;
        var failure = (useLive ? live!.Failure : null) ?? row.Failure;
        return new JobView(
            row.Id, status, row.JobType, row.OrganizationId, row.ProjectId, row.AssetKeys,
            useLive ? live!.Assets.Select(a => new AssetProgressView(a.AssetKey, a.MosaicType, a.Status, a.Fraction)).ToList() : null,
            new OutputArtifactsView(artifacts.Select(DownloadDescriptor.From).ToList()),
            failure is null ? null : new JobFailureView(failure.Type, failure.Message, failure.Details),
            row.CreatedAt, row.UpdatedAt, row.CompletedAt);
    }
}
