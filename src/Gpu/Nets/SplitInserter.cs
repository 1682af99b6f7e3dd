namespace ActorNet.Gpu.Nets;

/// <summary>
/// Caffe's InsertSplits: when a top feeds several bottoms (or a bottom and a loss), a Split layer is
/// inserted so each consumer gets its own gradient buffer and the gradients are summed. Names follow
/// Caffe: layer "{layer}_{blob}_{i}_split", tops "{blob}_{layer}_{i}_split_{j}".
/// </summary>
internal static class SplitInserter
{
    public static NetParameter Insert(NetParameter param)
    {
        // For each (producer layer, top index): how many consumers, and its loss weight.
        var lastProducer = new Dictionary<string, (int Layer, int Top)>();
        var consumers = new Dictionary<(int Layer, int Top), int>();
        var bottomSource = new Dictionary<(int Layer, int Bottom), (int Layer, int Top)>();
        for (int i = 0; i < param.Layer.Count; i++)
        {
            var layer = param.Layer[i];
            for (int b = 0; b < layer.Bottom.Count; b++)
            {
                if (!lastProducer.TryGetValue(layer.Bottom[b], out var source))
                {
                    throw new InvalidOperationException($"Layer '{layer.Name}' has unknown bottom blob '{layer.Bottom[b]}'.");
                }
                bottomSource[(i, b)] = source;
                consumers[source] = consumers.GetValueOrDefault(source) + 1;
            }
            for (int t = 0; t < layer.Top.Count; t++)
            {
                lastProducer[layer.Top[t]] = (i, t);
            }
        }

        var result = param.Clone();
        result.Layer.Clear();
        var splitNames = new Dictionary<(int Layer, int Top), int>(); // next split output index per source
        for (int i = 0; i < param.Layer.Count; i++)
        {
            var layer = param.Layer[i].Clone();
            for (int b = 0; b < layer.Bottom.Count; b++)
            {
                var source = bottomSource[(i, b)];
                if (SplitCount(param, source, consumers) > 1)
                {
                    int j = splitNames.GetValueOrDefault(source);
                    splitNames[source] = j + 1;
                    layer.Bottom[b] = SplitTopName(param, source, j);
                }
            }
            result.Layer.Add(layer);
            for (int t = 0; t < layer.Top.Count; t++)
            {
                var source = (i, t);
                int count = SplitCount(param, source, consumers);
                if (count <= 1)
                {
                    continue;
                }
                float lossWeight = LossWeight(param.Layer[i], t);
                var split = new LayerParameter
                {
                    Name = $"{layer.Name}_{layer.Top[t]}_{t}_split",
                    Type = "Split",
                };
                split.Bottom.Add(layer.Top[t]);
                for (int j = 0; j < count; j++)
                {
                    split.Top.Add(SplitTopName(param, source, j));
                }
                if (lossWeight != 0f)
                {
                    // The loss moves to the split's first top, which no layer consumes.
                    if (layer.LossWeight.Count > t)
                    {
                        layer.LossWeight[t] = 0f;
                    }
                    else
                    {
                        while (layer.LossWeight.Count < t)
                        {
                            layer.LossWeight.Add(0f);
                        }
                        layer.LossWeight.Add(0f);
                    }
                    split.LossWeight.Add(lossWeight);
                    splitNames[source] = 1;
                }
                result.Layer.Add(split);
            }
        }
        return result;
    }

    private static int SplitCount(NetParameter param, (int Layer, int Top) source, Dictionary<(int, int), int> consumers) =>
        consumers.GetValueOrDefault(source) + (LossWeight(param.Layer[source.Layer], source.Top) != 0f && consumers.GetValueOrDefault(source) > 0 ? 1 : 0);

    private static float LossWeight(LayerParameter layer, int top)
    {
        if (top < layer.LossWeight.Count)
        {
            return layer.LossWeight[top];
        }
        return top == 0 && layer.Type.EndsWith("Loss", StringComparison.Ordinal) ? 1f : 0f;
    }

    private static string SplitTopName(NetParameter param, (int Layer, int Top) source, int j)
    {
        var layer = param.Layer[source.Layer];
        return $"{layer.Top[source.Top]}_{layer.Name}_{source.Top}_split_{j}";
    }
}
