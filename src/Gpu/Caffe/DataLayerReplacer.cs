namespace ActorNet.Gpu;

/// <summary>Swaps Caffe's data-source layers for caller-fed Input layers (see ProtoLoader.ReplaceDataLayers).</summary>
internal static class DataLayerReplacer
{
    public static NetParameter Replace(NetParameter net, int trainBatch, int testBatch, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(net);
        foreach (var (value, name) in new[] { (trainBatch, nameof(trainBatch)), (testBatch, nameof(testBatch)), (channels, nameof(channels)), (height, nameof(height)), (width, nameof(width)) })
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, name);

        NetParameter result = net.Clone();
        int first = -1;
        var tops = new Dictionary<Phase, List<string>>();
        for (int i = result.Layer.Count - 1; i >= 0; i--)
        {
            LayerParameter layer = result.Layer[i];
            if (!SupportedLayers.DataLayerTypes.Contains(layer.Type)) continue;
            foreach (Phase phase in PhasesOf(layer))
            {
                if (tops.TryGetValue(phase, out List<string>? existing) && !existing.SequenceEqual(layer.Top))
                    throw new PrototxtException($"data layers '{layer.Name}' and another for phase {phase} have different tops ({string.Join(", ", layer.Top)} vs {string.Join(", ", existing)})");
                tops[phase] = [.. layer.Top];
            }
            result.Layer.RemoveAt(i);
            first = i;
        }
        if (first < 0) return result;

        // SparkNet's layout: per phase, one caller-fed Input layer per top, named after it.
        var inputs = new List<LayerParameter>();
        foreach (Phase phase in new[] { Phase.Train, Phase.Test })
        {
            if (!tops.TryGetValue(phase, out List<string>? names)) continue;
            if (names.Count is 0 or > 2) throw new PrototxtException($"the {phase} data layer has {names.Count} tops; expected data and optionally label");
            int batch = phase == Phase.Train ? trainBatch : testBatch;
            inputs.Add(Input(names[0], phase, [batch, channels, height, width]));
            if (names.Count == 2) inputs.Add(Input(names[1], phase, [batch, 1]));
        }
        for (int i = inputs.Count - 1; i >= 0; i--) result.Layer.Insert(first, inputs[i]);
        return result;
    }

    private static LayerParameter Input(string top, Phase phase, long[] shape)
    {
        var layer = new LayerParameter { Name = top, Type = "Input", InputParam = new InputParameter() };
        layer.Top.Add(top);
        layer.Include.Add(new NetStateRule { Phase = phase });
        layer.InputParam.Shape.Add(new BlobShape { Dim = { shape } });
        return layer;
    }

    // The phases a layer is part of, judged only by phase rules (levels and stages are left to the Net).
    private static IEnumerable<Phase> PhasesOf(LayerParameter layer)
    {
        foreach (Phase phase in new[] { Phase.Train, Phase.Test })
        {
            bool included = layer.Include.Count == 0 || layer.Include.Any(r => !r.HasPhase || r.Phase == phase);
            bool excluded = layer.Exclude.Any(r => r.HasPhase && r.Phase == phase);
            if (included && !excluded) yield return phase;
        }
    }
}
