using Geopera.Clip.Activities.Raster.Native;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>A UTM zone 60S raster over ±180° (Fiji): 300 × 200 pixels of 1 km, eastings
/// 700–1000 km, i.e. 178.9°E to 178.3°W. An AOI wider than the raster on both sides of 180° must
/// come out as AOI ∩ raster in the raster's own CRS — not as the AOI's whole extent, half empty.</summary>
public sealed class AntimeridianClipTests : IDisposable
{
    private const double West = 700_000, North = 8_100_000, Pixel = 1000;
    private const int Width = 300, Height = 200;

    // 178.5°E..177.5°W × 17.8°S..17.6°S, beyond the raster east and west.
    private const string Cut = """{"type":"MultiPolygon","coordinates":[[[[178.5,-17.8],[180,-17.8],[180,-17.6],[178.5,-17.6],[178.5,-17.8]]],[[[-180,-17.8],[-177.5,-17.8],[-177.5,-17.6],[-180,-17.6],[-180,-17.8]]]]}""";
    private const string PastOneEighty = """{"type":"Polygon","coordinates":[[[178.5,-17.8],[182.5,-17.8],[182.5,-17.6],[178.5,-17.6],[178.5,-17.8]]]}""";

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static double Value(int col, int row) => (col * 7 + row * 13) % 200 + 1;

    private string Source()
    {
        var path = _dir.File("fiji_utm60s.tif");
        using var mem = GdalUtilities.Create("MEM", "", Width, Height, 1, GdalDataType.Byte);
        mem.SetGeoTransform([West, Pixel, 0, North, 0, -Pixel]);
        mem.SetProjection(CoordinateTransformation.EpsgWkt(32760));
        var values = new double[Width * Height];
        for (var row = 0; row < Height; row++)
            for (var col = 0; col < Width; col++)
                values[row * Width + col] = Value(col, row);
        mem.Write(1, 0, 0, Width, Height, values);
        using var cog = GdalUtilities.CreateCopy("COG", path, mem, ["COMPRESS=DEFLATE", "BLOCKSIZE=256"]);
        return path;
    }

    [Theory]
    [InlineData(Cut)]
    [InlineData(PastOneEighty)]
    public void The_output_is_AOI_intersect_raster_with_the_source_pixels(string aoi)
    {
        var source = Source();
        var output = _dir.File("out.tif");

        var result = ClipFixture.Clip(source, aoi, output);

        using var ds = GdalDataset.Open(output)!;
        var info = ds.Info();
        var gt = info.GeoTransform!;
        Assert.Equal("WGS 84 / UTM zone 60S", Name(info.CrsWkt!));
        Assert.Equal((Pixel, -Pixel), (gt[1], gt[5]));
        // The AOI reaches past both edges of the raster: the output spans the raster's full width.
        Assert.Equal(West, gt[0]);
        Assert.Equal(Width, info.Width);
        Assert.InRange(info.Height, 22, 30); // 0.2° of latitude ≈ 22 km, its parallels curving across the zone
        Assert.Equal(result.Output.Width, info.Width);

        var rowOffset = (int)Math.Round((North - gt[3]) / Pixel);
        var data = ds.Read(1, 0, 0, info.Width, info.Height);
        var alpha = ds.Read(2, 0, 0, info.Width, info.Height);
        var validPerColumn = new int[info.Width];
        for (var row = 0; row < info.Height; row++)
            for (var col = 0; col < info.Width; col++)
            {
                var i = row * info.Width + col;
                if (alpha[i] == 0) continue;
                validPerColumn[col]++;
                Assert.Equal(Value(col, row + rowOffset), data[i]);
            }
        // Every column carries the AOI's 0.2° of latitude (≈ 22 rows): no empty half, no empty column.
        Assert.All(validPerColumn, count => Assert.InRange(count, 20, 24));
    }

    [Fact]
    public void An_AOI_on_one_side_of_180_is_trimmed_to_the_raster_on_that_side()
    {
        var source = Source();
        var output = _dir.File("east.tif");

        ClipFixture.Clip(source, """{"type":"Polygon","coordinates":[[[-179.5,-17.8],[-177,-17.8],[-177,-17.6],[-179.5,-17.6],[-179.5,-17.8]]]}""", output);

        using var ds = GdalDataset.Open(output)!;
        var info = ds.Info();
        var east = info.GeoTransform![0] + info.Width * Pixel;
        Assert.Equal(West + Width * Pixel, east); // trimmed at the raster's east edge
        Assert.InRange(info.GeoTransform[0], 860_000, 880_000); // 179.5°W at 17.7°S: 3.5° east of the zone's meridian ≈ 371 km
    }

    private static string Name(string wkt) => wkt[(wkt.IndexOf('"') + 1)..wkt.IndexOf('"', wkt.IndexOf('"') + 1)];
}
