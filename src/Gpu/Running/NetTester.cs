namespace ActorNet.Gpu;

/// <summary>One output blob of a net after a forward pass (or averaged over several).</summary>
/// <param name="Blob">The blob name, e.g. "accuracy" or "loss".</param>
/// <param name="Values">Its values (one for a scalar output).</param>
/// <param name="LossWeight">The weight it enters the loss with (0 for e.g. accuracy).</param>
public sealed record NetOutput(string Blob, IReadOnlyList<float> Values, float LossWeight);

/// <summary>The averaged outputs of a test run.</summary>
/// <param name="Iterations">Forward passes run.</param>
/// <param name="Outputs">Each output blob averaged over the passes.</param>
/// <param name="Loss">The net's loss averaged over the passes.</param>
public sealed record TestResult(int Iterations, IReadOnlyList<NetOutput> Outputs, float Loss)
{
    /// <summary>The first value of the output blob named <paramref name="blob"/>, or null when there is none.</summary>
    public float? Value(string blob) => Outputs.FirstOrDefault(o => o.Blob == blob)?.Values[0];
}

/// <summary>
/// Caffe's testing: forward passes over a net, with every output blob (accuracy, loss, ...) averaged
/// over the passes, as <c>caffe test</c> and the solver's test phase report them.
/// </summary>
public static class NetTester
{
    /// <summary>The current values of <paramref name="net"/>'s output blobs.</summary>
    public static IReadOnlyList<NetOutput> Outputs(Net net)
    {
        ArgumentNullException.ThrowIfNull(net);
        return [.. net.OutputBlobNames.Select(name => new NetOutput(name, net.Blob(name).GetData(), net.LossWeightOf(name)))];
    }

    /// <summary>
    /// Runs <paramref name="iterations"/> forward passes, each after <paramref name="feed"/> (when given),
    /// and averages the outputs; <paramref name="onBatch"/> sees each pass (0-based index, loss, outputs).
    /// </summary>
    public static TestResult Test(Net net, int iterations, Action<Net>? feed = null, Action<int, float, IReadOnlyList<NetOutput>>? onBatch = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        double loss = 0;
        double[][]? sums = null;
        IReadOnlyList<NetOutput> outputs = [];
        for (int i = 0; i < iterations; i++)
        {
            feed?.Invoke(net);
            float batchLoss = net.Forward();
            loss += batchLoss;
            outputs = Outputs(net);
            sums ??= [.. outputs.Select(o => new double[o.Values.Count])];
            for (int o = 0; o < outputs.Count; o++)
                for (int v = 0; v < outputs[o].Values.Count; v++)
                    sums[o][v] += outputs[o].Values[v];
            onBatch?.Invoke(i, batchLoss, outputs);
        }
        var averaged = outputs.Select((o, k) => o with { Values = [.. sums![k].Select(s => (float)(s / iterations))] }).ToList();
        return new TestResult(iterations, averaged, (float)(loss / iterations));
    }
}
