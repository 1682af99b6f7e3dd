using ActorNet.Gpu.Layers;

namespace ActorNet.Gpu.Tests.Support;

/// <summary>
/// Finite-difference check of a layer: objective = sum over tops of w . top (w fixed random), analytic
/// gradients from Backward with top diff = w, numeric ones from central differences in double.
/// </summary>
internal static class GradientChecker
{
    public static Layer Build(LayerParameter param, Blob[] bottom, Blob[] top, Phase phase = Phase.Train, int threads = 2,
        string device = TestDevices.Cpu)
    {
        var layer = LayerFactory.Create(param, new LayerContext(phase, TestDevices.Backend(device, threads), 7));
        layer.Setup(bottom, top);
        return layer;
    }

    public static void Check(LayerParameter param, Blob[] bottom, int topCount, bool[]? checkBottom = null,
        Phase phase = Phase.Train, float step = 1e-2f, float tolerance = 1e-2f, int maxPerBlob = 60, string device = TestDevices.Cpu)
    {
        bottom = bottom.Select(b => TestDevices.On(device, b)).ToArray();
        // Kernel launches on ILGPU's CPU accelerator cost milliseconds: fewer random samples per blob keep the suite fast,
        // and the cross-device tests compare every element against the CPU backend anyway.
        maxPerBlob = device == TestDevices.Cpu ? maxPerBlob : Math.Min(maxPerBlob, 8);
        var top = Enumerable.Range(0, topCount).Select(_ => TestDevices.New(device)).ToArray();
        var layer = Build(param, bottom, top, phase, device: device);
        checkBottom ??= Enumerable.Repeat(true, bottom.Length).ToArray();
        var rng = new Random(11);
        layer.Forward(bottom, top);
        var weights = top.Select(t => Enumerable.Range(0, t.Count).Select(_ => rng.NextSingle() * 2 - 1).ToArray()).ToArray();

        double Objective()
        {
            layer.Forward(bottom, top);
            double sum = 0;
            for (int t = 0; t < top.Length; t++)
            {
                var d = top[t].GetData();
                for (int i = 0; i < d.Length; i++)
                {
                    sum += (double)d[i] * weights[t][i];
                }
            }
            return sum;
        }

        Objective();
        for (int t = 0; t < top.Length; t++)
        {
            top[t].SetDiff(weights[t]);
        }
        foreach (var p in layer.Blobs)
        {
            p.SetDiff(new float[p.Count]);
        }
        layer.Backward(top, checkBottom, bottom);
        var analytic = new List<(string Name, Blob Blob, float[] Grad)>();
        for (int b = 0; b < bottom.Length; b++)
        {
            if (checkBottom[b])
            {
                analytic.Add(($"bottom {b}", bottom[b], bottom[b].GetDiff()));
            }
        }
        for (int p = 0; p < layer.Blobs.Count; p++)
        {
            if (layer.ParamPropagateDown[p])
            {
                analytic.Add(($"param {p}", layer.Blobs[p], layer.Blobs[p].GetDiff()));
            }
        }
        Assert.NotEmpty(analytic);
        foreach (var (name, blob, grad) in analytic)
        {
            var data = blob.GetData();
            var indices = Enumerable.Range(0, data.Length).OrderBy(_ => rng.Next()).Take(maxPerBlob);
            foreach (int i in indices)
            {
                float original = data[i];
                data[i] = original + step;
                blob.SetData(data);
                double plus = Objective();
                data[i] = original - step;
                blob.SetData(data);
                double minus = Objective();
                data[i] = original;
                blob.SetData(data);
                double numeric = (plus - minus) / (2 * step);
                double scale = Math.Max(1.0, Math.Max(Math.Abs(numeric), Math.Abs(grad[i])));
                if (Math.Abs(numeric - grad[i]) > tolerance * scale)
                {
                    Assert.Fail($"{param.Type} '{param.Name}' {name}[{i}]: analytic {grad[i]}, numeric {numeric}.");
                }
            }
        }
    }

    /// <summary>A blob filled with values whose magnitudes stay away from 0 and from each other (no kinks, no ties).</summary>
    public static Blob Distinct(int seed, params int[] shape)
    {
        var blob = new Blob(shape);
        var rng = new Random(seed);
        var order = Enumerable.Range(0, blob.Count).OrderBy(_ => rng.Next()).ToArray();
        var values = new float[blob.Count];
        for (int i = 0; i < values.Length; i++)
        {
            float v = 0.1f + 1.9f * order[i] / Math.Max(1, values.Length);
            values[i] = rng.Next(2) == 0 ? v : -v;
        }
        blob.SetData(values);
        return blob;
    }

    public static Blob Labels(int seed, int classes, params int[] shape)
    {
        var blob = new Blob(shape);
        var rng = new Random(seed);
        blob.SetData(Enumerable.Range(0, blob.Count).Select(_ => (float)rng.Next(classes)).ToArray());
        return blob;
    }

    public static Blob Of(int[] shape, params float[] values)
    {
        var blob = new Blob(shape);
        blob.SetData(values);
        return blob;
    }
}
