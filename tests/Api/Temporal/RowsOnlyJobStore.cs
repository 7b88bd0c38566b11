using Geopera.Clip.Activities.DataPlatform;

namespace Geopera.Clip.Tests.Api.Temporal;

/// <summary>Job rows held in memory, for gateway tests that only read whether a job row exists.</summary>
internal sealed class RowsOnlyJobStore : IJobStore
{
    private readonly Dictionary<(string Org, string Id), JobRecord> _rows = [];

    public void Add(JobRecord row) => _rows[(row.OrganizationId, row.Id)] = row;

    public Task<JobRecord?> GetAsync(string organizationId, string jobId, CancellationToken ct) =>
        Task.FromResult(_rows.GetValueOrDefault((organizationId, jobId)));

    public Task<JobPage> ListAsync(string organizationId, string? status, int limit, int offset, CancellationToken ct)
    {
        var mine = _rows.Values.Where(r => r.OrganizationId == organizationId && (status is null || r.Status == status))
            .OrderByDescending(r => r.CreatedAt).ToList();
        return Task.FromResult(new JobPage([.. mine.Skip(offset).Take(limit)], mine.Count));
    }

    public Task<bool> MarkDeletedAsync(string organizationId, string jobId, CancellationToken ct) =>
        Task.FromResult(_rows.Remove((organizationId, jobId)));
}
