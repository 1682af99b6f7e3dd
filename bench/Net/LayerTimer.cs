using ActorNet.Gpu;

namespace ActorNet.Bench.Net;

/// <summary>Average forward and backward milliseconds per layer, as Caffe's `time` command reports them.</summary>
internal static class LayerTimer
{
    public static List<(string Layer, double ForwardMs, double BackwardMs)> Time(ActorNet.Gpu.Net net, int iterations)
    {
        int count = net.LayerNames.Count;
        var forward = new double[count];
        var backward = new double[count];
        net.Forward();
        net.Backward();
        for (int it = 0; it < iterations; it++)
        {
            for (int i = 0; i < count; i++)
            {
                var clock = BenchClock.Start();
                net.ForwardLayer(i);
                forward[i] += clock.Seconds * 1000;
            }
            for (int i = count - 1; i >= 0; i--)
            {
                var clock = BenchClock.Start();
                net.BackwardLayer(i);
                backward[i] += clock.Seconds * 1000;
            }
        }
        return Enumerable.Range(0, count).Select(i => (net.LayerNames[i], forward[i] / iterations, backward[i] / iterations)).ToList();
    }
}
