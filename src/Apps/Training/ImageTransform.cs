using ActorNet.Gpu;
using Google.Protobuf;

namespace ActorNet.Training;

/// <summary>
/// A data layer's <c>transform_param</c> (crop, mirror, mean image or values, scale) for 8-bit images of one size, in a
/// form that travels to the workers. Given to <c>DistributedTrainer.Fit(trainImages, transform, test, rounds)</c>,
/// it is applied every time a worker feeds an image, as Caffe's DataTransformer does: a fresh random crop and mirror on
/// each visit, not one fixed per image.
/// </summary>
public sealed record ImageTransform
{
    private readonly byte[] _parameter;
    private readonly int[]? _meanShape;
    private readonly float[]? _meanData;

    private ImageTransform(byte[] parameter, int channels, int height, int width, int[]? meanShape, float[]? meanData)
    {
        _parameter = parameter;
        Channels = channels;
        Height = height;
        Width = width;
        _meanShape = meanShape;
        _meanData = meanData;
    }

    /// <summary>The transform of <paramref name="parameter"/> for channels×height×width images, with <paramref name="mean"/> as its mean_file when it names one.</summary>
    public static ImageTransform From(TransformationParameter parameter, int channels, int height, int width, BlobData? mean = null)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        // Built once here, so a malformed parameter fails on the driver rather than in every task.
        _ = new DataTransformer(parameter, Phase.Train, channels, height, width, mean, 0);
        return new ImageTransform(parameter.ToByteArray(), channels, height, width, mean?.Shape, mean?.Data);
    }

    /// <summary>Channels of the images.</summary>
    public int Channels { get; }

    /// <summary>Height of the images before cropping.</summary>
    public int Height { get; }

    /// <summary>Width of the images before cropping.</summary>
    public int Width { get; }

    /// <summary>The shape of a transformed sample (channels, height, width).</summary>
    public (int Channels, int Height, int Width) OutputShape =>
        ImagePreprocessing.OutputShape(TransformationParameter.Parser.ParseFrom(_parameter), Channels, Height, Width);

    /// <summary>A transformer of this transform in <paramref name="phase"/> drawing from <paramref name="seed"/>.</summary>
    internal DataTransformer Create(Phase phase, int seed)
    {
        var mean = _meanShape is null || _meanData is null ? null : new BlobData(_meanShape, _meanData);
        return new DataTransformer(TransformationParameter.Parser.ParseFrom(_parameter), phase, Channels, Height, Width, mean, seed);
    }
}
