namespace ActorNet.Gpu;

/// <summary>
/// Caffe's data pre-processing (<c>transform_param</c>) applied to 8-bit C×H×W images:
/// output = (pixel − mean) × scale, where the mean is a per-pixel image (<c>mean_file</c>, a
/// .binaryproto of the full input size) or per-channel values (<c>mean_value</c>: one for all
/// channels or one per channel). With <c>crop_size</c> the output is a crop_size×crop_size window,
/// placed at random in TRAIN and centred in TEST; the mean image is read at the window's original
/// coordinates. With <c>mirror</c> each image is flipped left-right with probability ½ — in both
/// phases, exactly as Caffe's DataTransformer does (Caffe's TEST data layers set mirror: false).
/// Random draws follow Caffe's order (mirror, then row offset, then column offset). Not
/// thread-safe: use one instance per thread.
/// </summary>
public sealed class DataTransformer
{
    private readonly int _channels, _height, _width;
    private readonly int _outHeight, _outWidth;
    private readonly float _scale;
    private readonly bool _crop, _mirror, _train;
    // Per-pixel mean (C×H×W of the input), or null.
    private readonly float[]? _meanImage;
    // Per-channel mean (length C), or null.
    private readonly float[]? _meanValues;
    private readonly Random _random;

    /// <summary>
    /// Creates a transformer for <paramref name="channels"/>×<paramref name="height"/>×<paramref name="width"/>
    /// images. <paramref name="meanImage"/> is the content of <c>mean_file</c> when the parameter
    /// names one (see <see cref="Create"/>, which loads it). <paramref name="seed"/> fixes the
    /// random crops and mirrors.
    /// </summary>
    public DataTransformer(TransformationParameter param, Phase phase, int channels, int height, int width, BlobData? meanImage = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(param);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        (_channels, _height, _width) = (channels, height, width);
        _scale = param.Scale;
        _mirror = param.Mirror;
        _train = phase == Phase.Train;
        _random = seed is int s ? new Random(s) : new Random();

        int crop = checked((int)param.CropSize);
        _crop = crop > 0;
        if (_crop && (crop > height || crop > width))
            throw new ArgumentException($"crop_size {crop} is larger than the {height}x{width} input", nameof(param));
        (_outHeight, _outWidth) = _crop ? (crop, crop) : (height, width);

        if (param.HasMeanFile && param.MeanValue.Count > 0)
            throw new ArgumentException("transform_param gives both mean_file and mean_value; Caffe allows only one", nameof(param));
        if (param.HasMeanFile)
        {
            if (meanImage is null) throw new ArgumentException($"transform_param names mean_file \"{param.MeanFile}\" but no mean image was given", nameof(meanImage));
            int[] shape = meanImage.Shape.SkipWhile((d, i) => d == 1 && meanImage.Shape.Length - i > 3).ToArray();
            if (!shape.SequenceEqual([channels, height, width]))
                throw new ArgumentException($"mean image \"{param.MeanFile}\" has shape ({string.Join(", ", meanImage.Shape)}); the input is {channels}x{height}x{width}", nameof(meanImage));
            _meanImage = meanImage.Data;
        }
        else if (param.MeanValue.Count > 0)
        {
            if (param.MeanValue.Count != 1 && param.MeanValue.Count != channels)
                throw new ArgumentException($"give 1 mean_value or one per channel ({channels}), not {param.MeanValue.Count}", nameof(param));
            _meanValues = [.. Enumerable.Range(0, channels).Select(c => param.MeanValue[param.MeanValue.Count == 1 ? 0 : c])];
        }
    }

    /// <summary>
    /// Creates a transformer, loading <c>mean_file</c> (a .binaryproto) when the parameter names
    /// one; a relative path is taken from <paramref name="baseDirectory"/> (default: the working directory).
    /// </summary>
    public static DataTransformer Create(TransformationParameter param, Phase phase, int channels, int height, int width, string? baseDirectory = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(param);
        BlobData? mean = null;
        if (param.HasMeanFile)
        {
            string path = baseDirectory is null || Path.IsPathRooted(param.MeanFile) ? param.MeanFile : Path.Combine(baseDirectory, param.MeanFile);
            mean = CaffeModel.ReadBinaryProto(path);
        }
        return new DataTransformer(param, phase, channels, height, width, mean, seed);
    }

    /// <summary>The shape of one transformed image: (channels, height, width) after cropping.</summary>
    public int[] OutputShape => [_channels, _outHeight, _outWidth];

    /// <summary>Floats per transformed image.</summary>
    public int OutputSize => _channels * _outHeight * _outWidth;

    /// <summary>Transforms one C×H×W image into <paramref name="output"/> (<see cref="OutputSize"/> floats).</summary>
    public void Transform(ReadOnlySpan<byte> image, Span<float> output)
    {
        if (image.Length != _channels * _height * _width)
            throw new ArgumentException($"expected a {_channels}x{_height}x{_width} image ({_channels * _height * _width} bytes), got {image.Length} bytes", nameof(image));
        if (output.Length < OutputSize) throw new ArgumentException($"output holds {output.Length} floats, need {OutputSize}", nameof(output));

        bool mirror = _mirror && _random.Next(2) == 1;
        int rowOffset = 0, columnOffset = 0;
        if (_crop)
        {
            if (_train)
            {
                rowOffset = _random.Next(_height - _outHeight + 1);
                columnOffset = _random.Next(_width - _outWidth + 1);
            }
            else
            {
                rowOffset = (_height - _outHeight) / 2;
                columnOffset = (_width - _outWidth) / 2;
            }
        }

        for (int c = 0; c < _channels; c++)
        {
            float channelMean = _meanValues?[c] ?? 0f;
            for (int h = 0; h < _outHeight; h++)
            {
                int source = (c * _height + rowOffset + h) * _width + columnOffset;
                int target = (c * _outHeight + h) * _outWidth;
                for (int w = 0; w < _outWidth; w++)
                {
                    float mean = _meanImage is null ? channelMean : _meanImage[source + w];
                    int column = mirror ? _outWidth - 1 - w : w;
                    output[target + column] = (image[source + w] - mean) * _scale;
                }
            }
        }
    }

    /// <summary>
    /// Transforms images <paramref name="start"/> … start+count−1 of <paramref name="images"/> into
    /// <paramref name="data"/> (count × <see cref="OutputSize"/> floats) and their labels into
    /// <paramref name="labels"/> (count floats), the layout of Caffe's data and label tops.
    /// </summary>
    public void TransformBatch(LabeledImages images, int start, int count, Span<float> data, Span<float> labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (start + count > images.Count) throw new ArgumentOutOfRangeException(nameof(count), $"images {start}..{start + count - 1} requested, {images.Count} available");
        if (data.Length < count * OutputSize) throw new ArgumentException($"data holds {data.Length} floats, need {count * OutputSize}", nameof(data));
        if (labels.Length < count) throw new ArgumentException($"labels holds {labels.Length} floats, need {count}", nameof(labels));
        for (int i = 0; i < count; i++)
        {
            Transform(images.Image(start + i), data.Slice(i * OutputSize, OutputSize));
            labels[i] = images.Labels[start + i];
        }
    }
}
