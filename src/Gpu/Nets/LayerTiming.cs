namespace ActorNet.Gpu;

/// <summary>Average time of one layer's forward and backward pass, as Caffe's <c>caffe time</c> prints it.</summary>
/// <param name="Name">Layer name.</param>
/// <param name="Type">Layer type, e.g. "Convolution".</param>
/// <param name="ForwardMs">Mean forward milliseconds per iteration.</param>
/// <param name="BackwardMs">Mean backward milliseconds per iteration (0 for layers that need no backward).</param>
public sealed record LayerTiming(string Name, string Type, double ForwardMs, double BackwardMs);
