namespace ActorNet.Gpu.Nets;

/// <summary>Caffe's Net::FilterNet: keeps the layers whose include/exclude rules match the net state.</summary>
internal static class NetFilter
{
    public static NetParameter Filter(NetParameter param, NetState state)
    {
        var filtered = param.Clone();
        filtered.Layer.Clear();
        foreach (var layer in param.Layer)
        {
            if (layer.Include.Count > 0 && layer.Exclude.Count > 0)
            {
                throw new InvalidOperationException($"Layer '{layer.Name}' specifies both include and exclude rules.");
            }
            bool keep = layer.Include.Count == 0;
            foreach (var rule in layer.Exclude)
            {
                if (Matches(rule, state))
                {
                    keep = false;
                }
            }
            foreach (var rule in layer.Include)
            {
                if (Matches(rule, state))
                {
                    keep = true;
                }
            }
            if (keep)
            {
                filtered.Layer.Add(layer.Clone());
            }
        }
        return filtered;
    }

    public static bool Matches(NetStateRule rule, NetState state)
    {
        if (rule.HasPhase && rule.Phase != state.Phase)
        {
            return false;
        }
        if (rule.HasMinLevel && state.Level < rule.MinLevel)
        {
            return false;
        }
        if (rule.HasMaxLevel && state.Level > rule.MaxLevel)
        {
            return false;
        }
        foreach (string stage in rule.Stage)
        {
            if (!state.Stage.Contains(stage))
            {
                return false;
            }
        }
        foreach (string stage in rule.NotStage)
        {
            if (state.Stage.Contains(stage))
            {
                return false;
            }
        }
        return true;
    }
}
