using Geopera.Clip.Activities.Raster.Native;
using Xunit;

namespace Geopera.Clip.Tests.Raster;

/// <summary>Pixels masked by the source's per-dataset mask (internal mask band, <c>.msk</c> side-car)
/// stay masked inside the AOI, where GDAL 3.6's cutline alone would drop the mask (the CLI too).</summary>
public sealed class SourceMaskTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, int, GdalDataType, double?> Kinds => new()
    {
        { "internal", 3, GdalDataType.Byte, null },
        { "internal", 1, GdalDataType.UInt16, 0 },
        { "sidecar", 1, GdalDataType.Byte, null },
        { "sidecar", 2, GdalDataType.Float32, -9999 },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Source_masked_pixels_inside_the_aoi_are_masked_in_the_output(string kind, int bands, GdalDataType type, double? noData)
    {
        var spec = new RasterSpec($"masked_{kind}_{bands}_{type}", 32633, bands, type, noData);
        var source = kind == "internal" ? TestRasters.CreateWithInternalMask(_dir.Path, spec, Masked) : TestRasters.CreateWithSidecarMask(_dir.Path, spec, Masked);
        if (kind == "internal")
            using (var ds = GdalDataset.Open(source)!) Assert.True(ds.Info().PerDatasetMask, "the fixture carries an internal per-dataset mask");
        else
            Assert.True(File.Exists(source + ".msk"));
        var aoi = TestAois.Box(TestRasters.LonLatBounds(source), 0.1, 0.1, 0.9, 0.9);

        var result = ClipFixture.Clip(source, aoi, _dir.File("out.tif"));

        using var output = GdalDataset.Open(_dir.File("out.tif"))!;
        var info = output.Info();
        Assert.Equal(GdalColorInterp.Alpha, info.Bands[^1].ColorInterp);
        Assert.Equal(bands + 1, info.Bands.Count);
        Assert.All(info.Bands.Take(bands), b => Assert.Equal(noData, b.NoData));
        var alpha = output.Read(info.Bands.Count, 0, 0, info.Width, info.Height);
        var gt = info.GeoTransform!;
        var (x0, y0, pixel) = spec.Grid;
        int col0 = (int)Math.Round((gt[0] - x0) / pixel), row0 = (int)Math.Round((y0 - gt[3]) / pixel);
        int maskedInside = 0, keptInside = 0;
        for (var row = 0; row < info.Height; row++)
            for (var col = 0; col < info.Width; col++)
            {
                // Pixels well inside the AOI box (which covers 10–90 % of the raster each way).
                int sc = col + col0, sr = row + row0;
                if (sc < spec.Width * 0.12 || sc > spec.Width * 0.88 || sr < spec.Height * 0.12 || sr > spec.Height * 0.88) continue;
                var opaque = alpha[row * info.Width + col] != 0;
                if (Masked(sc, sr)) { Assert.False(opaque, $"source-masked pixel ({sc},{sr}) is valid in the output"); maskedInside++; }
                else { Assert.True(opaque, $"valid pixel ({sc},{sr}) is masked in the output"); keptInside++; }
            }
        Assert.True(maskedInside > 1000 && keptInside > 1000, $"{maskedInside} masked, {keptInside} kept");
        var (equal, unmasked) = GridAssert.ValuesFollowSource(_dir.File("out.tif"), source);
        Assert.Equal(unmasked, equal);
        Assert.Equal(result.Source.CrsWkt, info.CrsWkt);
    }

    /// <summary>The source mask: a block in the middle and a diagonal stripe are masked.</summary>
    private static bool Masked(int col, int row) => (col is >= 100 and < 180 && row is >= 60 and < 150) || Math.Abs(col - row) < 6;
}
