namespace ActorNet.Gpu;

/// <summary>
/// Feeds a net's data and label inputs batch after batch from a set of images, the way Caffe's
/// data layers do: images are taken in order (or, with <c>shuffle</c>, in an order reshuffled at
/// every epoch, as ImageData's <c>shuffle: true</c>), the cursor wraps around at the end of the
/// set so every batch is full, and each image goes through a <see cref="DataTransformer"/>.
/// Not thread-safe.
/// </summary>
public sealed class ImageBatches
{
    private readonly LabeledImages _images;
    private readonly DataTransformer _transformer;
    private readonly int[] _order;
    // Random source for reshuffling, or null when the order is fixed.
    private readonly Random? _shuffler;
    private readonly float[] _data;
    private readonly float[] _labels;
    private int _cursor;

    /// <summary>Creates a feeder of <paramref name="batchSize"/> images per batch; <paramref name="seed"/> fixes the shuffle.</summary>
    public ImageBatches(LabeledImages images, DataTransformer transformer, int batchSize, bool shuffle = false, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (images.Count == 0) throw new ArgumentException("there are no images to feed", nameof(images));
        _images = images;
        _transformer = transformer;
        BatchSize = batchSize;
        _order = [.. Enumerable.Range(0, images.Count)];
        if (shuffle)
        {
            _shuffler = seed is int s ? new Random(s) : new Random();
            _shuffler.Shuffle(_order);
        }
        _data = new float[batchSize * transformer.OutputSize];
        _labels = new float[batchSize];
    }

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Completed passes over the whole set so far.</summary>
    public int Epoch { get; private set; }

    /// <summary>The shape of the data input: (batch, channels, height, width) after cropping.</summary>
    public int[] DataShape => [BatchSize, .. _transformer.OutputShape];

    /// <summary>Fills <paramref name="data"/> (BatchSize × image floats) and <paramref name="labels"/> (BatchSize floats) with the next batch.</summary>
    public void Next(Span<float> data, Span<float> labels)
    {
        int size = _transformer.OutputSize;
        if (data.Length < BatchSize * size) throw new ArgumentException($"data holds {data.Length} floats, a batch needs {BatchSize * size}", nameof(data));
        if (labels.Length < BatchSize) throw new ArgumentException($"labels holds {labels.Length} floats, a batch needs {BatchSize}", nameof(labels));
        for (int i = 0; i < BatchSize; i++)
        {
            int index = _order[_cursor];
            _transformer.Transform(_images.Image(index), data.Slice(i * size, size));
            labels[i] = _images.Labels[index];
            if (++_cursor == _order.Length)
            {
                _cursor = 0;
                Epoch++;
                _shuffler?.Shuffle(_order);
            }
        }
    }

    /// <summary>Writes the next batch into a net's input blobs (shapes must match <see cref="DataShape"/> and (batch) or (batch, 1)).</summary>
    public void Next(Blob data, Blob labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        if (data.Count != _data.Length)
            throw new ArgumentException($"the data blob holds {data.Count} values ({data.ShapeString}); a batch is {string.Join("x", DataShape)}", nameof(data));
        if (labels.Count != BatchSize)
            throw new ArgumentException($"the label blob holds {labels.Count} values ({labels.ShapeString}); a batch has {BatchSize} labels", nameof(labels));
        Next(_data, _labels);
        data.SetData(_data);
        labels.SetData(_labels);
    }
}
