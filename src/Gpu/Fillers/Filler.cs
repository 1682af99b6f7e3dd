namespace ActorNet.Gpu.Fillers;

/// <summary>
/// Caffe's weight fillers: constant, uniform, gaussian (with optional sparsity), xavier and msra with the
/// FAN_IN / FAN_OUT / AVERAGE variance norms, where fan_in = count / shape[0] and fan_out = count / shape[1].
/// Values are drawn on the host from the given generator, so a seed makes them reproducible.
/// </summary>
internal static class Filler
{
    /// <summary>Fills <paramref name="blob"/>'s data according to <paramref name="param"/>.</summary>
    public static void Fill(FillerParameter param, Blob blob, Random random)
    {
        var values = new float[blob.Count];
        switch (param.Type)
        {
            case "constant":
                Array.Fill(values, param.Value);
                break;
            case "uniform":
                Uniform(values, param.Min, param.Max, random);
                break;
            case "gaussian":
                Gaussian(values, param.Mean, param.Std, random);
                if (param.Sparse >= 0)
                {
                    Sparsify(values, blob, param.Sparse, random);
                }
                break;
            case "xavier":
                float scale = MathF.Sqrt(3f / FanNorm(param, blob));
                Uniform(values, -scale, scale, random);
                break;
            case "msra":
                Gaussian(values, 0f, MathF.Sqrt(2f / FanNorm(param, blob)), random);
                break;
            default:
                throw new NotSupportedException(
                    $"Filler type '{param.Type}' is not supported (constant, uniform, gaussian, xavier, msra are).");
        }
        blob.SetData(values);
    }

    /// <summary>The divisor n of xavier/msra: fan_in, fan_out or their average.</summary>
    internal static float FanNorm(FillerParameter param, Blob blob)
    {
        if (blob.NumAxes < 1 || blob.Count == 0)
        {
            throw new ArgumentException($"A {param.Type} filler needs a non-empty blob with at least one axis (got {blob.ShapeString}).");
        }
        int fanIn = blob.Count / blob.ShapeAt(0);
        int fanOut = blob.NumAxes > 1 ? blob.Count / blob.ShapeAt(1) : blob.Count;
        return param.VarianceNorm switch
        {
            FillerParameter.Types.VarianceNorm.FanOut => fanOut,
            FillerParameter.Types.VarianceNorm.Average => (fanIn + fanOut) / 2f,
            _ => fanIn,
        };
    }

    private static void Uniform(float[] values, float min, float max, Random random)
    {
        if (max < min)
        {
            throw new ArgumentException($"Uniform filler: max ({max}) is below min ({min}).");
        }
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = min + (max - min) * random.NextSingle();
        }
    }

    private static void Gaussian(float[] values, float mean, float std, Random random)
    {
        if (std < 0)
        {
            throw new ArgumentException($"Gaussian filler: std ({std}) is negative.");
        }
        for (int i = 0; i < values.Length; i += 2)
        {
            // Box-Muller: two independent normals from two uniforms.
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = mean + std * (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length)
            {
                values[i + 1] = mean + std * (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
    }

    private static void Sparsify(float[] values, Blob blob, int sparse, Random random)
    {
        // Caffe keeps each weight with probability sparse / num_outputs (num_outputs = shape[0]).
        float keep = (float)sparse / blob.ShapeAt(0);
        for (int i = 0; i < values.Length; i++)
        {
            if (random.NextSingle() >= keep)
            {
                values[i] = 0f;
            }
        }
    }
}
