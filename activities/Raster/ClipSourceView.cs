using Geopera.Clip.Activities.Raster.Native;
using NetTopologySuite.Geometries;

namespace Geopera.Clip.Activities.Raster;

/// <summary>
/// The raster a clip reads: the source itself when its geotransform places it, else (GCP or RPC
/// imagery, <see cref="SensorGeoreferencing"/>) a virtual north-up raster over it. Admission and
/// the warp both see a source through this, so they check the same grid.
/// </summary>
public sealed class ClipSourceView : IDisposable
{
    private readonly WarpedVrt? _warped;

    private ClipSourceView(GdalDataset dataset, RasterInfo info, SensorModel model, WarpedVrt? warped)
    {
        Dataset = dataset;
        Info = info;
        Model = model;
        _warped = warped;
    }

    /// <summary>What to warp.</summary>
    public GdalDataset Dataset { get; }

    /// <summary>Its description: the grid, CRS and bands the clip works on.</summary>
    public RasterInfo Info { get; }

    /// <summary>How the source was placed on the Earth (<see cref="SensorModel.None"/>: by its own geotransform).</summary>
    public SensorModel Model { get; }

    /// <summary>A view over the open <paramref name="source"/> described by <paramref name="info"/>;
    /// the view must be disposed before the source.</summary>
    public static ClipSourceView Over(GdalDataset source, RasterInfo info, Geometry aoiLonLat, GdalErrorScope errors, string sourceName)
    {
        var model = SensorGeoreferencing.ModelOf(info);
        if (model == SensorModel.None) return new ClipSourceView(source, info, model, null);
        var warped = WarpedVrt.Over(source, SensorGeoreferencing.Arguments(info, aoiLonLat))
            ?? throw GdalFailureClassifier.Classify($"Placing {sourceName} on the Earth by its {Describe(model)} failed", errors.Errors);
        return new ClipSourceView(warped.Dataset, warped.Dataset.Info(), model, warped);
    }

    public static string Describe(SensorModel model) => model switch
    {
        SensorModel.GcpPolynomial => "ground control points (polynomial)",
        SensorModel.GcpThinPlateSpline => "ground control points (thin-plate spline)",
        SensorModel.Rpc => "rational polynomial coefficients (RPC)",
        _ => "geotransform",
    };

    public void Dispose() => _warped?.Dispose();
}
