using System.Globalization;
using Geopera.Clip.Activities.DataPlatform.Stores;
using Geopera.Clip.Bench.Common;

namespace Geopera.Clip.Bench.Api;

/// <summary>
/// The reference for clip.jobs.list: pgbench running exactly the SQL the job store runs for one page
/// and its total (the store's own statement text; parameters become pgbench variables), with the
/// same clients over the same pages, in extended protocol as Npgsql sends it.
/// </summary>
internal static class ListReference
{
    public static string WriteScript(string folder)
    {
        // $1 organization, $2 status (the benchmark lists without a filter: NULL), $3 limit, $4 offset.
        static string Bind(string sql) => sql
            .Replace("$1", ":organization", StringComparison.Ordinal)
            .Replace("$2::text", "NULL::text", StringComparison.Ordinal)
            .Replace("$2", "NULL", StringComparison.Ordinal)
            .Replace("$3", ":page_size", StringComparison.Ordinal)
            .Replace("$4", ":offset", StringComparison.Ordinal);
        var path = Path.Combine(folder, "jobs-list.sql");
        File.WriteAllText(path, $"""
            \set offset random(0, :pages - 1) * :page_size
            {Bind(PostgresJobStore.ListPageSql)};
            {Bind(PostgresJobStore.ListTotalSql)};

            """);
        return path;
    }

    public static async Task<double> TpsAsync(string connectionString, string script, string organization, int jobs, int pageSize, int clients, int seconds)
    {
        var run = await PgBench.RunAsync(connectionString, clients, seconds, script, "extended",
        [
            "organization=" + organization,
            "pages=" + (jobs / pageSize).ToString(CultureInfo.InvariantCulture),
            "page_size=" + pageSize.ToString(CultureInfo.InvariantCulture),
        ]);
        return run.Tps;
    }
}
