using ActorNet.Gpu;

namespace ActorNet.Training.Internal;

/// <summary>A worker's training samples as the batch feeder reads them: sample i written into the net's input.</summary>
internal interface ITrainingSamples
{
    int Count { get; }

    /// <summary>Writes sample <paramref name="index"/> into <paramref name="destination"/> and returns its label.</summary>
    int Fill(int index, Span<float> destination);
}

/// <summary>Samples already in the net's input layout.</summary>
internal sealed class FloatSamples(IReadOnlyList<(float[] Data, int Label)> samples, TrainingPlan plan) : ITrainingSamples
{
    public int Count => samples.Count;

    public int Fill(int index, Span<float> destination)
    {
        var (data, label) = samples[index];
        if (data.Length != plan.SampleLength)
            throw new ArgumentException($"A sample has {data.Length} values but the net's input '{plan.DataInput}' takes {plan.SampleLength} per sample.");
        data.CopyTo(destination);
        return label;
    }
}

/// <summary>8-bit images transformed each time they are fed (a fresh random crop and mirror per visit, as Caffe's).</summary>
internal sealed class TransformedImages(IReadOnlyList<(byte[] Pixels, int Label)> images, DataTransformer transformer, TrainingPlan plan) : ITrainingSamples
{
    public int Count => images.Count;

    public int Fill(int index, Span<float> destination)
    {
        if (transformer.OutputSize != plan.SampleLength)
            throw new ArgumentException($"The transform makes samples of {transformer.OutputSize} values but the net's input '{plan.DataInput}' takes {plan.SampleLength}.");
        var (pixels, label) = images[index];
        transformer.Transform(pixels, destination);
        return label;
    }
}
