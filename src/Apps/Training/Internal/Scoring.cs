using ActorNet.Gpu;

namespace ActorNet.Training.Internal;

/// <summary>
/// Runs a test-phase net over samples a batch at a time (the last batch padded with zeros, its padding
/// ignored) and reads one blob per sample: the prediction blob for accuracy and probabilities, any blob
/// for features.
/// </summary>
internal sealed class Scoring
{
    private readonly TrainingPlan _plan;
    private readonly Net _net;
    private readonly BatchFeeder _feeder;

    public Scoring(TrainingPlan plan, WeightCollection weights)
    {
        _plan = plan;
        _net = new Net(plan.Solver().NetParam, Phase.Test, plan.Seed);
        _net.SetWeights(weights);
        _feeder = new BatchFeeder(plan, plan.TestBatch);
    }

    /// <summary>Each sample's values of blob <paramref name="blob"/> (one row of the blob per sample).</summary>
    public IEnumerable<float[]> Rows(IEnumerable<float[]> samples, string blob)
    {
        if (!_net.HasBlob(blob)) throw new ArgumentException($"The net has no blob '{blob}' (blobs: {string.Join(", ", _net.BlobNames)}).");
        var chunk = new List<float[]>(_plan.TestBatch);
        foreach (var sample in samples)
        {
            chunk.Add(sample);
            if (chunk.Count == _plan.TestBatch)
            {
                foreach (var row in Forward(chunk, blob)) yield return row;
                chunk.Clear();
            }
        }
        if (chunk.Count > 0)
            foreach (var row in Forward(chunk, blob)) yield return row;
    }

    /// <summary>How many of <paramref name="samples"/> the net labels right, and how many there were.</summary>
    public (long Correct, long Count) Score(IEnumerable<(float[] Data, int Label)> samples)
    {
        long correct = 0, count = 0;
        var labels = new List<int>();
        IEnumerable<float[]> Data()
        {
            foreach (var (data, label) in samples)
            {
                labels.Add(label);
                yield return data;
            }
        }
        foreach (var row in Rows(Data(), _plan.PredictionBlob))
        {
            if (ArgMax(row) == labels[(int)count]) correct++;
            count++;
        }
        return (correct, count);
    }

    /// <summary>Softmax of a row of scores (rows that already sum to 1 stay as they are up to rounding).</summary>
    public static float[] Softmax(float[] scores)
    {
        float max = scores.Max();
        var probs = scores.Select(s => MathF.Exp(s - max)).ToArray();
        float sum = probs.Sum();
        for (int i = 0; i < probs.Length; i++) probs[i] /= sum;
        return probs;
    }

    private List<float[]> Forward(List<float[]> chunk, string blob)
    {
        _feeder.FillPartial(_net, chunk, 0, chunk.Count);
        _net.Forward();
        var output = _net.Blob(blob);
        int perSample = output.Count / output.ShapeAt(0);
        var values = output.GetData();
        var rows = new List<float[]>(chunk.Count);
        for (int i = 0; i < chunk.Count; i++) rows.Add(values.AsSpan(i * perSample, perSample).ToArray());
        return rows;
    }

    private static int ArgMax(float[] row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++)
            if (row[i] > row[best]) best = i;
        return best;
    }
}
