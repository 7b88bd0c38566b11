namespace Geopera.Clip.Tests.Api;

/// <summary>One malformed or hostile request. Bodies use {ITEM}, {PROJECT}, {AREA}, {ORG} and
/// {JOB} placeholders for the caller's own resources, so only the hostile part is wrong.</summary>
public sealed record HostileCase(string Operation, string Body, int Status, string Code)
{
    public string ContentType { get; init; } = "application/json";
    public string? IdempotencyKey { get; init; } = "hostile-" + Guid.NewGuid().ToString("N");
    public string Method { get; init; } = "POST";
    public byte[]? RawBody { get; init; }
    public string? Authorization { get; init; }
}

/// <summary>The catalogue: at least 50 requests that must each end in a 4xx problem and change nothing.</summary>
public static class HostileCases
{
    private const string Item = "clip.create_from_item";
    private const string Aoi = ApiCalls.Aoi;

    /// <summary>A JSON object from its members written with ' for " (so cases stay readable).</summary>
    private static string Create(string fields) => "{" + fields.Replace('\'', '"') + "}";
    private static string WithAoi(string aoi) => Create("'source_item_id':'{ITEM}','project_id':'{PROJECT}','aoi_geometry':" + aoi);
    private static string Valid(string extra) => Create("'source_item_id':'{ITEM}','project_id':'{PROJECT}','aoi_geometry':" + Aoi + extra);
    private static HostileCase Bad(string body, string op = Item) => new(op, body, 400, "invalid-request");
    private static HostileCase BadAoi(string aoi) => new(Item, WithAoi(aoi), 400, "invalid-aoi");

    private static string Ring(int vertices)
    {
        var points = Enumerable.Range(0, vertices).Select(i =>
        {
            var angle = 2 * Math.PI * i / vertices;
            return $"[{15.0125 + 0.005 * Math.Cos(angle):R},{45.1875 + 0.005 * Math.Sin(angle):R}]";
        }).ToList();
        points.Add(points[0]);
        return """{"type":"Polygon","coordinates":[[""" + string.Join(",", points) + "]]}";
    }

    public static readonly IReadOnlyDictionary<string, HostileCase> All = new Dictionary<string, HostileCase>
    {
        // Transport: syntax, media type, size, verb, route.
        ["broken json"] = new(Item, "{", 400, "malformed-json"),
        ["missing value"] = new(Item, """{"source_item_id": }""", 400, "malformed-json"),
        ["empty body"] = new(Item, "", 400, "malformed-json"),
        ["array body"] = new(Item, "[]", 400, "malformed-json"),
        ["string body"] = new(Item, "\"clip\"", 400, "malformed-json"),
        ["null body"] = new(Item, "null", 400, "malformed-json"),
        ["trailing garbage"] = new(Item, Valid("") + " x", 400, "malformed-json"),
        ["json comments"] = new(Item, "{/* hi */}", 400, "malformed-json"),
        ["invalid utf-8"] = new(Item, "", 400, "malformed-json") { RawBody = [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'] },
        ["nested 200 deep"] = new(Item, new string('[', 200) + new string(']', 200), 400, "malformed-json"),
        ["text/plain"] = new(Item, Valid(""), 415, "unsupported-media-type") { ContentType = "text/plain" },
        ["application/xml"] = new(Item, "<clip/>", 415, "unsupported-media-type") { ContentType = "application/xml" },
        ["form post"] = new(Item, "source_item_id=x", 415, "unsupported-media-type") { ContentType = "application/x-www-form-urlencoded" },
        ["json with latin1 charset"] = new(Item, Valid(""), 415, "unsupported-media-type") { ContentType = "application/json; charset=iso-8859-1" },
        ["oversize body"] = new(Item, Valid($",\"aoi_name\":\"{new string('a', 2 * 1024 * 1024)}\""), 413, "body-too-large"),
        ["unknown operation"] = new("clip.job.nuke", "{}", 404, "unknown-operation"),
        ["operation traversal"] = new("..%2F..%2Fadmin", "{}", 404, "unknown-operation"),
        ["GET verb"] = new(Item, "", 405, "method-not-allowed") { Method = "GET" },
        ["PUT verb"] = new(Item, Valid(""), 405, "method-not-allowed") { Method = "PUT" },
        ["DELETE verb"] = new("clip.job.delete", "", 405, "method-not-allowed") { Method = "DELETE" },
        ["basic auth"] = new(Item, Valid(""), 401, "unauthenticated") { Authorization = "Basic dXNlcjpwYXNz" },
        ["bearer not a gpra key"] = new(Item, Valid(""), 401, "unauthenticated") { Authorization = "Bearer eyJhbGciOiJub25lIn0.e30." },
        // Idempotency-Key.
        ["no idempotency key"] = new(Item, Valid(""), 400, "idempotency-key-required") { IdempotencyKey = null },
        ["idempotency key with spaces"] = new(Item, Valid(""), 400, "idempotency-key-invalid") { IdempotencyKey = "my key" },
        ["idempotency key too long"] = new(Item, Valid(""), 400, "idempotency-key-invalid") { IdempotencyKey = new string('k', 300) },
        // Fields of clip.create_from_item.
        ["missing source_item_id"] = Bad(Create("'project_id':'{PROJECT}','aoi_geometry':" + Aoi)),
        ["missing project_id"] = Bad(Create("'source_item_id':'{ITEM}','aoi_geometry':" + Aoi)),
        ["missing aoi_geometry"] = Bad(Create("'source_item_id':'{ITEM}','project_id':'{PROJECT}'")),
        ["source_item_id number"] = Bad(Create("'source_item_id':123,'project_id':'{PROJECT}','aoi_geometry':" + Aoi)),
        ["source_item_id not an id"] = Bad(Create("'source_item_id':'a/b c','project_id':'{PROJECT}','aoi_geometry':" + Aoi)),
        ["source_item_id unknown"] = new(Item, Create("'source_item_id':'no-such-item','project_id':'{PROJECT}','aoi_geometry':" + Aoi), 400, "unknown-reference"),
        ["project_id sql injection"] = Bad(Create("'source_item_id':'{ITEM}','project_id':'x\\u0027; DROP TABLE jobs;--','aoi_geometry':" + Aoi)),
        ["charging another organization"] = Bad(Valid(",'organization_id':'{ORG}'")),
        ["duplicate field"] = Bad(Valid(",'source_item_id':'{ITEM}'")),
        ["asset_keys string"] = Bad(Valid(",'asset_keys':'visual'")),
        ["asset_keys empty"] = Bad(Valid(",'asset_keys':[]")),
        ["asset_keys numbers"] = Bad(Valid(",'asset_keys':[1,2]")),
        ["asset_keys 33 items"] = Bad(Valid(",\"asset_keys\":[" + string.Join(",", Enumerable.Range(0, 33).Select(i => $"\"k{i}\"")) + "]")),
        ["asset_keys blank item"] = Bad(Valid(",'asset_keys':['']")),
        ["asset_keys duplicate"] = Bad(Valid(",'asset_keys':['visual','visual']")),
        ["asset_keys traversal"] = Bad(Valid(",'asset_keys':['../visual']")),
        ["output_name traversal"] = Bad(Valid(",'output_name':'../../etc/passwd'")),
        ["output_name slash"] = Bad(Valid(",'output_name':'a/b'")),
        ["output_name dotdot"] = Bad(Valid(",'output_name':'..'")),
        ["output_name too long"] = Bad(Valid($",\"output_name\":\"{new string('n', 101)}\"")),
        ["output_name empty"] = Bad(Valid(",'output_name':''")),
        ["output_name nul"] = Bad(Valid(",'output_name':'a\\u0000b'")),
        ["output_name object"] = Bad(Valid(",'output_name':{'x':1}")),
        ["aoi_name too long"] = Bad(Valid($",\"aoi_name\":\"{new string('a', 201)}\"")),
        ["aoi_name control chars"] = Bad(Valid(",'aoi_name':'bell\\u0007'")),
        ["target_collection_id not uuid"] = Bad(Valid(",'target_collection_id':'../other'")),
        ["aoi_geometry string"] = Bad(WithAoi("\"POLYGON((0 0,1 0,1 1,0 0))\"")),
        // Hostile AOIs.
        ["aoi point"] = BadAoi("""{"type":"Point","coordinates":[15.01,45.19]}"""),
        ["aoi linestring"] = BadAoi("""{"type":"LineString","coordinates":[[15.01,45.19],[15.02,45.19]]}"""),
        ["aoi open ring"] = BadAoi("""{"type":"Polygon","coordinates":[[[15.005,45.18],[15.02,45.18],[15.02,45.195],[15.005,45.195]]]}"""),
        ["aoi longitude 400"] = BadAoi("""{"type":"Polygon","coordinates":[[[400,45.18],[401,45.18],[401,45.19],[400,45.18]]]}"""),
        ["aoi bowtie"] = BadAoi("""{"type":"Polygon","coordinates":[[[15.0,45.18],[15.02,45.195],[15.02,45.18],[15.0,45.195],[15.0,45.18]]]}"""),
        ["aoi empty coordinates"] = BadAoi("""{"type":"Polygon","coordinates":[]}"""),
        ["aoi huge numbers"] = BadAoi("""{"type":"Polygon","coordinates":[[[1e308,1e308],[-1e308,1e308],[0,-1e308],[1e308,1e308]]]}"""),
        ["aoi coordinates strings"] = BadAoi("""{"type":"Polygon","coordinates":[[["NaN","NaN"],["1","2"],["3","4"],["NaN","NaN"]]]}"""),
        ["aoi 1600 vertices"] = BadAoi(Ring(1600)),
        ["aoi feature wrapper"] = BadAoi("""{"type":"Feature","geometry":""" + Aoi + ""","properties":{}}"""),
        ["aoi geometry collection"] = BadAoi($$"""{"type":"GeometryCollection","geometries":[{{Aoi}}]}"""),
        ["aoi whole world"] = BadAoi("""{"type":"Polygon","coordinates":[[[-179,-80],[179,-80],[179,80],[-179,80],[-179,-80]]]}"""),
        // clip.create_from_area.
        ["area missing area_id"] = Bad(Create("'project_id':'{PROJECT}','aoi_geometry':" + Aoi), "clip.create_from_area"),
        ["area mosaic_types object"] = Bad(Create("'area_id':'{AREA}','project_id':'{PROJECT}','aoi_geometry':" + Aoi + ",'mosaic_types':{'rgb':true}"), "clip.create_from_area"),
        // clip.jobs.list.
        ["list limit 0"] = Bad("""{"organization_id":"{ORG}","limit":0}""", "clip.jobs.list"),
        ["list limit negative"] = Bad("""{"organization_id":"{ORG}","limit":-1}""", "clip.jobs.list"),
        ["list limit 1e20"] = Bad("""{"organization_id":"{ORG}","limit":100000000000000000000}""", "clip.jobs.list"),
        ["list limit string"] = Bad("""{"organization_id":"{ORG}","limit":"10"}""", "clip.jobs.list"),
        ["list limit fraction"] = Bad("""{"organization_id":"{ORG}","limit":1.5}""", "clip.jobs.list"),
        ["list offset negative"] = Bad("""{"organization_id":"{ORG}","offset":-1}""", "clip.jobs.list"),
        ["list unknown status"] = Bad("""{"organization_id":"{ORG}","status":"deleted"}""", "clip.jobs.list"),
        ["list missing organization"] = Bad("""{"limit":10}""", "clip.jobs.list"),
        // Job operations.
        ["get job_id not uuid"] = Bad("""{"job_id":"../../jobs"}""", "clip.job.get"),
        ["get job_id number"] = Bad("""{"job_id":42}""", "clip.job.get"),
        ["get job_id sql"] = Bad("""{"job_id":"' OR '1'='1"}""", "clip.job.get"),
        ["get extra field"] = Bad("""{"job_id":"{JOB}","organization_id":"{ORG}"}""", "clip.job.get"),
        ["download missing mosaic"] = Bad("""{"job_id":"{JOB}"}""", "clip.job.download"),
        ["download mosaic too long"] = Bad($$"""{"job_id":"{JOB}","mosaic_type":"{{new string('m', 1000)}}"}""", "clip.job.download"),
        ["delete job_id array"] = Bad("""{"job_id":["{JOB}"]}""", "clip.job.delete"),
    };
}
