using Geopera.Clip.Activities.DataPlatform.Assets;

namespace Geopera.Clip.Activities.DataPlatform.Seeding;

/// <summary>Checks a seed document before anything is written: required fields, unique ids,
/// collections named by items exist in the same project, footprints are polygons.</summary>
internal static class SeedValidation
{
    public static void Check(SeedDocument document)
    {
        var ids = new Dictionary<string, HashSet<string>>();
        void Unique(string kind, string? id, string path)
        {
            Require(id, $"{path}.id");
            if (kind != "api key" && !ResourceIds.IsValid(id))
                throw new SeedException($"{path}.id: '{id}' is not a valid {kind} id ({ResourceIds.Rule}).");
            var seen = ids.TryGetValue(kind, out var set) ? set : ids[kind] = new HashSet<string>(StringComparer.Ordinal);
            if (!seen.Add(id!))
                throw new SeedException($"{path}: {kind} id '{id}' appears twice.");
        }

        if (document.Organizations is null)
            throw new SeedException("The seed document needs an \"organizations\" array.");
        for (var o = 0; o < document.Organizations.Count; o++)
        {
            var org = document.Organizations[o];
            var path = $"organizations[{o}]";
            Unique("organization", org.Id, path);
            Require(org.Name, $"{path}.name");
            if (org.CreditLimit is < 0)
                throw new SeedException($"{path}.credit_limit must be zero or more.");
            foreach (var (key, k) in (org.ApiKeys ?? []).Select((key, k) => (key, k)))
            {
                Unique("api key", key.Id, $"{path}.api_keys[{k}]");
                if (string.IsNullOrEmpty(key.Key) || key.Key.Length < 16)
                    throw new SeedException($"{path}.api_keys[{k}].key must be a raw key of at least 16 characters.");
            }
            foreach (var (project, p) in (org.Projects ?? []).Select((project, p) => (project, p)))
                CheckProject(project, $"{path}.projects[{p}]", Unique);
        }
    }

    private static void CheckProject(SeedProject project, string path, Action<string, string?, string> unique)
    {
        unique("project", project.Id, path);
        Require(project.Name, $"{path}.name");
        if (project.StorageBucket is { Length: 0 })
            throw new SeedException($"{path}.storage_bucket is empty; omit it for a project without bucket.");
        var collections = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (collection, c) in (project.Collections ?? []).Select((collection, c) => (collection, c)))
        {
            unique("collection", collection.Id, $"{path}.collections[{c}]");
            Require(collection.Title, $"{path}.collections[{c}].title");
            collections.Add(collection.Id);
        }
        foreach (var (item, i) in (project.Items ?? []).Select((item, i) => (item, i)))
        {
            var itemPath = $"{path}.items[{i}]";
            unique("item", item.Id, itemPath);
            if (item.CollectionId is not null && !collections.Contains(item.CollectionId))
                throw new SeedException($"{itemPath}.collection_id '{item.CollectionId}' is not a collection of this project.");
            CheckFootprint(item.Footprint?.GetRawText(), $"{itemPath}.footprint");
            foreach (var (key, asset) in item.Assets ?? new Dictionary<string, SeedAsset>())
            {
                Require(key, $"{itemPath}.assets key");
                Require(asset.Href, $"{itemPath}.assets.{key}.href");
            }
        }
        foreach (var (area, a) in (project.DeliveryAreas ?? []).Select((area, a) => (area, a)))
        {
            var areaPath = $"{path}.delivery_areas[{a}]";
            unique("delivery area", area.Id, areaPath);
            Require(area.Name, $"{areaPath}.name");
            Require(area.Bucket, $"{areaPath}.bucket");
            CheckFootprint(area.Footprint?.GetRawText(), $"{areaPath}.footprint");
            if (area.Mosaics is null || area.Mosaics.Select(m => m.MosaicType).Distinct().Count() != area.Mosaics.Count)
                throw new SeedException($"{areaPath}.mosaics must list each mosaic_type once.");
            foreach (var (mosaic, m) in area.Mosaics.Select((mosaic, m) => (mosaic, m)))
            {
                Require(mosaic.MosaicType, $"{areaPath}.mosaics[{m}].mosaic_type");
                Require(mosaic.Href, $"{areaPath}.mosaics[{m}].href");
            }
        }
    }

    private static void CheckFootprint(string? geoJson, string path)
    {
        if (geoJson is null or "null")
            return;
        try
        {
            GeoJsonGeometry.ParsePolygonal(geoJson, path);
        }
        catch (ArgumentException e)
        {
            throw new SeedException(e.Message);
        }
    }

    private static void Require(string? value, string path)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new SeedException($"{path} is required.");
    }
}
