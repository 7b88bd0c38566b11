using Temporalio.Common;

namespace Geopera.Clip.Workflows.Contracts;

/// <summary>Search attributes operators filter clip jobs by in the Temporal UI. They must be
/// registered on the namespace (host dev and temporal-dev.yml do it) before workflows use them.</summary>
public static class ClipSearchAttributes
{
    public static readonly SearchAttributeKey<string> OrganizationId = SearchAttributeKey.CreateKeyword("ClipOrganizationId");
    public static readonly SearchAttributeKey<string> ProjectId = SearchAttributeKey.CreateKeyword("ClipProjectId");
    public static readonly SearchAttributeKey<string> SourceItemId = SearchAttributeKey.CreateKeyword("ClipSourceItemId");
    public static readonly SearchAttributeKey<string> JobStatus = SearchAttributeKey.CreateKeyword("ClipJobStatus");

    public static readonly IReadOnlyList<SearchAttributeKey> All = [OrganizationId, ProjectId, SourceItemId, JobStatus];
}
