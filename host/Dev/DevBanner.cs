namespace Geopera.Clip.Host.Dev;

/// <summary>What `host dev` prints once the service is up: where things are and requests to paste.</summary>
public static class DevBanner
{
    public static string Text(string urls, DevTemporalServer temporal, string connection, string storageRoot)
    {
        var api = urls.Split(';')[0].TrimEnd('/');
        var key = Guid.NewGuid();
        var auth = $"-H 'Authorization: Bearer {DemoSeed.ApiKey}' -H 'Content-Type: application/json'";
        return $$"""

            Geopera Clip is running (Ctrl+C stops it and removes the throwaway database).
              API            {{api}}/v1/op/{operation_id}    reference: {{api}}/docs
              Temporal       {{temporal.Address}} ({{temporal.Origin}}){{(temporal.UiUrl is null ? "" : $"\n  Temporal UI    {temporal.UiUrl}")}}
              PostgreSQL     {{connection}}
              Storage        {{storageRoot}}
              Demo API key   {{DemoSeed.ApiKey}} (organization {{DemoSeed.OrganizationId}})

            Create a clip job (copy the job id from the answer):
              curl -sS --fail-with-body -X POST {{api}}/v1/op/clip.create_from_item {{auth}} -H 'Idempotency-Key: {{key}}' \
                -d '{"source_item_id":"{{DemoSeed.ItemId}}","project_id":"{{DemoSeed.ProjectId}}","aoi_geometry":{{DemoSeed.ExampleAoiGeoJson}},"asset_keys":["{{DemoSeed.AssetKey}}"],"output_name":"harbour_clip","target_collection_id":"{{DemoSeed.CollectionId}}"}'
            Poll it:
              curl -sS --fail-with-body -X POST {{api}}/v1/op/clip.job.get {{auth}} -d '{"job_id":"JOB_ID"}'
            List its files:
              curl -sS --fail-with-body -X POST {{api}}/v1/op/clip.job.downloads {{auth}} -d '{"job_id":"JOB_ID"}'
            Download the RGB clip:
              curl -sS --fail-with-body -X POST {{api}}/v1/op/clip.job.download {{auth}} -d '{"job_id":"JOB_ID","mosaic_type":"rgb"}' -o harbour_clip_rgb.tif
            """;
    }
}
