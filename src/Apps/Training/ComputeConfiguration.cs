using ActorNet.Gpu;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Training;

/// <summary>The CPU backend's settings that a node's configuration holds (HOCON <c>actornet.gpu.blas</c>).</summary>
public static class ComputeConfiguration
{
    /// <summary>The configuration key of the GEMM provider: auto, managed or openblas.</summary>
    public const string BlasKey = "actornet:gpu:blas";

    /// <summary>Sets <see cref="ComputeSettings.Gemm"/> from <c>actornet.gpu.blas</c> when <paramref name="configuration"/> has it.</summary>
    /// <exception cref="FormatException">The value is not auto, managed or openblas; the message names the key.</exception>
    public static void Apply(IConfiguration? configuration)
    {
        if (configuration?[BlasKey] is not { Length: > 0 } text) return;
        try
        {
            ComputeSettings.Gemm = ComputeSettings.ParseGemm(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"actornet.gpu.blas: {e.Message}", e);
        }
    }
}
