using System.Diagnostics;

namespace ActorNet.Gpu;

/// <summary>Per-layer timing of a <see cref="Net"/> (what <c>caffe time</c> / <c>actornet time</c> report).</summary>
public sealed partial class Net
{
    /// <summary>
    /// Runs one untimed forward/backward pass, then <paramref name="iterations"/> timed ones layer by layer,
    /// and returns each layer's mean forward and backward wall time. Inputs are used as they are.
    /// </summary>
    public IReadOnlyList<LayerTiming> TimeLayers(int iterations)
    {
        if (iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "At least one iteration is needed.");
        }
        Forward();
        Backward();
        var forward = new double[layers.Count];
        var backward = new double[layers.Count];
        for (int it = 0; it < iterations; it++)
        {
            for (int i = 0; i < layers.Count; i++)
            {
                long start = Stopwatch.GetTimestamp();
                ForwardLayer(i);
                Backend.Synchronize();
                forward[i] += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                long start = Stopwatch.GetTimestamp();
                BackwardLayer(i);
                Backend.Synchronize();
                backward[i] += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        return layers.Select((l, i) => new LayerTiming(l.Name, l.Type, forward[i] / iterations, backward[i] / iterations)).ToList();
    }
}
