using ActorNet.Gpu;

namespace ActorNet.Training.Internal;

/// <summary>Fills a net's data and label inputs from a partition's samples, a batch at a time.</summary>
internal sealed class BatchFeeder(TrainingPlan plan, int batch)
{
    private readonly float[] _data = new float[batch * plan.SampleLength];
    private readonly float[] _labels = new float[batch];

    /// <summary>
    /// Fills the inputs with samples <paramref name="start"/>, <paramref name="start"/>+1, … of
    /// <paramref name="samples"/>, wrapping around at the end (SparkNet's workers cycled over their partition).
    /// </summary>
    public void Fill(Net net, ITrainingSamples samples, long start)
    {
        for (int i = 0; i < batch; i++)
            _labels[i] = samples.Fill((int)((start + i) % samples.Count), _data.AsSpan(i * plan.SampleLength, plan.SampleLength));
        net.Blob(plan.DataInput).SetData(_data);
        if (plan.LabelInput is { } labels) net.Blob(labels).SetData(_labels);
    }

    /// <summary>Fills the data input with <paramref name="count"/> ≤ batch samples; the rest of the batch is zeros.</summary>
    public void FillPartial(Net net, IReadOnlyList<float[]> samples, int offset, int count)
    {
        Array.Clear(_data);
        for (int i = 0; i < count; i++)
        {
            CheckLength(samples[offset + i]);
            samples[offset + i].CopyTo(_data, i * plan.SampleLength);
        }
        net.Blob(plan.DataInput).SetData(_data);
        if (plan.LabelInput is { } labels) net.Blob(labels).SetData(new float[batch]);
    }

    private void CheckLength(float[] data)
    {
        if (data.Length != plan.SampleLength)
            throw new ArgumentException($"A sample has {data.Length} values but the net's input '{plan.DataInput}' takes {plan.SampleLength} per sample.");
    }
}
