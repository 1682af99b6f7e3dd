using System.Diagnostics;

namespace ActorNet.Gpu;

/// <summary>One layer's average times from <see cref="NetTimer"/>.</summary>
/// <param name="Name">The layer name.</param>
/// <param name="Type">The layer type, e.g. "Convolution".</param>
/// <param name="ForwardMs">Average forward time in milliseconds.</param>
/// <param name="BackwardMs">Average backward time in milliseconds (0 for a layer that needs no backward).</param>
public sealed record LayerTime(string Name, string Type, double ForwardMs, double BackwardMs);

/// <summary>What <see cref="NetTimer.Time"/> measured, as <c>caffe time</c> reports it.</summary>
/// <param name="Iterations">Timed forward-backward iterations.</param>
/// <param name="Layers">Per-layer averages, in layer order.</param>
/// <param name="ForwardMs">Average forward pass, milliseconds.</param>
/// <param name="BackwardMs">Average backward pass, milliseconds.</param>
/// <param name="ForwardBackwardMs">Average forward plus backward, milliseconds.</param>
/// <param name="TotalMs">Wall time of all timed iterations, milliseconds.</param>
public sealed record NetTiming(int Iterations, IReadOnlyList<LayerTime> Layers, double ForwardMs, double BackwardMs, double ForwardBackwardMs, double TotalMs);

/// <summary>
/// Caffe's <c>caffe time</c>: runs a net forward and backward layer by layer, timing each layer, after
/// one untimed warm-up pass, and averages over the iterations.
/// </summary>
public static class NetTimer
{
    /// <summary>
    /// Times <paramref name="iterations"/> forward-backward passes of <paramref name="net"/>; <paramref name="feed"/>
    /// (when given) fills the inputs before each pass, outside the timed region. <paramref name="onIteration"/>
    /// receives each finished iteration (1-based) and its forward-backward milliseconds.
    /// </summary>
    public static NetTiming Time(Net net, int iterations, Action<Net>? feed = null, Action<int, double>? onIteration = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        var layers = net.Layers;
        feed?.Invoke(net);
        net.Forward();
        net.Backward();

        var forward = new double[layers.Count];
        var backward = new double[layers.Count];
        double forwardTotal = 0, backwardTotal = 0;
        long start = Stopwatch.GetTimestamp();
        for (int it = 1; it <= iterations; it++)
        {
            feed?.Invoke(net);
            long iterationStart = Stopwatch.GetTimestamp();
            for (int i = 0; i < layers.Count; i++)
            {
                long t = Stopwatch.GetTimestamp();
                net.ForwardLayer(i);
                net.Backend.Synchronize();
                forward[i] += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
            forwardTotal += Stopwatch.GetElapsedTime(iterationStart).TotalMilliseconds;
            long backwardStart = Stopwatch.GetTimestamp();
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                long t = Stopwatch.GetTimestamp();
                net.BackwardLayer(i);
                net.Backend.Synchronize();
                backward[i] += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
            backwardTotal += Stopwatch.GetElapsedTime(backwardStart).TotalMilliseconds;
            onIteration?.Invoke(it, Stopwatch.GetElapsedTime(iterationStart).TotalMilliseconds);
        }
        double total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var perLayer = layers.Select((l, i) => new LayerTime(l.Name, l.Type, forward[i] / iterations, backward[i] / iterations)).ToList();
        return new NetTiming(iterations, perLayer, forwardTotal / iterations, backwardTotal / iterations, (forwardTotal + backwardTotal) / iterations, total);
    }
}
