using Geopera.Clip.Activities.DataPlatform.Assets;

namespace Geopera.Clip.Activities.DataPlatform.Seeding;

/// <summary>Checks what a well-shaped seed document means before anything is written: required
/// values present, ids valid and unique, collections named by items exist in the same project,
/// footprints are polygons. Every mistake is collected, each with its path.</summary>
internal sealed class SeedValidation
{
    private readonly List<string> _mistakes = [];
    private readonly Dictionary<string, HashSet<string>> _ids = [];

    public static IReadOnlyList<string> Mistakes(SeedDocument document)
    {
        var validation = new SeedValidation();
        validation.Check(document);
        return validation._mistakes;
    }

    private void Check(SeedDocument document)
    {
        for (var o = 0; o < document.Organizations.Count; o++)
        {
            var org = document.Organizations[o];
            var path = $"organizations[{o}]";
            Unique("organization", org.Id, path);
            Require(org.Name, $"{path}.name");
            if (org.CreditLimit is < 0)
                _mistakes.Add($"{path}.credit_limit: must be zero or more");
            foreach (var (key, k) in (org.ApiKeys ?? []).Select((key, k) => (key, k)))
            {
                Unique("api key", key.Id, $"{path}.api_keys[{k}]");
                if (string.IsNullOrEmpty(key.Key) || key.Key.Length < 16)
                    _mistakes.Add($"{path}.api_keys[{k}].key: must be a raw key of at least 16 characters");
            }
            foreach (var (project, p) in (org.Projects ?? []).Select((project, p) => (project, p)))
                CheckProject(project, $"{path}.projects[{p}]");
        }
    }

    private void CheckProject(SeedProject project, string path)
    {
        Unique("project", project.Id, path);
        Require(project.Name, $"{path}.name");
        if (project.StorageBucket is { Length: 0 })
            _mistakes.Add($"{path}.storage_bucket: is empty; omit it for a project without bucket");
        var collections = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (collection, c) in (project.Collections ?? []).Select((collection, c) => (collection, c)))
        {
            Unique("collection", collection.Id, $"{path}.collections[{c}]");
            Require(collection.Title, $"{path}.collections[{c}].title");
            collections.Add(collection.Id);
        }
        foreach (var (item, i) in (project.Items ?? []).Select((item, i) => (item, i)))
        {
            var itemPath = $"{path}.items[{i}]";
            Unique("item", item.Id, itemPath);
            if (item.CollectionId is not null && !collections.Contains(item.CollectionId))
                _mistakes.Add($"{itemPath}.collection_id: '{item.CollectionId}' is not a collection of this project");
            CheckFootprint(item.Footprint?.GetRawText(), $"{itemPath}.footprint");
            foreach (var (key, asset) in item.Assets ?? new Dictionary<string, SeedAsset>())
            {
                Require(key, $"{itemPath}.assets key");
                Require(asset.Href, $"{itemPath}.assets.{key}.href");
            }
        }
        foreach (var (area, a) in (project.DeliveryAreas ?? []).Select((area, a) => (area, a)))
            CheckArea(area, $"{path}.delivery_areas[{a}]");
    }

    private void CheckArea(SeedDeliveryArea area, string path)
    {
        Unique("delivery area", area.Id, path);
        Require(area.Name, $"{path}.name");
        Require(area.Bucket, $"{path}.bucket");
        CheckFootprint(area.Footprint?.GetRawText(), $"{path}.footprint");
        if (area.Mosaics.Select(m => m.MosaicType).Distinct().Count() != area.Mosaics.Count)
            _mistakes.Add($"{path}.mosaics: must list each mosaic_type once");
        foreach (var (mosaic, m) in area.Mosaics.Select((mosaic, m) => (mosaic, m)))
        {
            Require(mosaic.MosaicType, $"{path}.mosaics[{m}].mosaic_type");
            Require(mosaic.Href, $"{path}.mosaics[{m}].href");
        }
    }

    private void Unique(string kind, string id, string path)
    {
        if (!Require(id, $"{path}.id"))
            return;
        if (kind != "api key" && !ResourceIds.IsValid(id))
            _mistakes.Add($"{path}.id: '{id}' is not a valid {kind} id ({ResourceIds.Rule})");
        var seen = _ids.TryGetValue(kind, out var set) ? set : _ids[kind] = new HashSet<string>(StringComparer.Ordinal);
        if (!seen.Add(id))
            _mistakes.Add($"{path}.id: {kind} id '{id}' appears twice");
    }

    private void CheckFootprint(string? geoJson, string path)
    {
        if (geoJson is null or "null")
            return;
        try
        {
            GeoJsonGeometry.ParsePolygonal(geoJson, path);
        }
        catch (ArgumentException e)
        {
            _mistakes.Add(e.Message);
        }
    }

    private bool Require(string? value, string path)
    {
        if (!string.IsNullOrWhiteSpace(value))
            return true;
        _mistakes.Add($"{path}: is required");
        return false;
    }
}
