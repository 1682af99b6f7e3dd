namespace ActorNet.Gpu.Nets;

/// <summary>A learned blob with its ParamSpec multipliers, as the solver sees it.</summary>
internal sealed record LearnableParam(Blob Blob, float LrMult, float DecayMult, string LayerName, int Index);
