using System.Globalization;
using ActorNet.Rdd;

namespace ActorNet.Node.Commands;

/// <summary>
/// spark-submit's everyday flags as <c>actornet submit</c> takes them, checked and turned into what the driver reads:
/// the master URL (<c>--num-executors</c> and <c>--executor-cores</c> rewrite a <c>local-cluster</c> URL) and
/// <c>ACTORNET__</c> environment variables (<c>--name</c>, each <c>--conf</c>).
/// </summary>
internal sealed record SubmitFlags(string Master, string? Name, IReadOnlyList<string> Conf, int? ExecutorCores, int? NumExecutors, string DeployMode)
{
    /// <summary>The master URL the application runs on.</summary>
    /// <exception cref="ArgumentException">A flag does not fit the master or is out of range.</exception>
    public string EffectiveMaster()
    {
        if (DeployMode == "cluster")
            throw new ArgumentException("--deploy-mode cluster is not supported: actornet submit runs the driver in this process (--deploy-mode client, the default); start it where you want the driver to run");
        if (DeployMode != "client") throw new ArgumentException($"--deploy-mode must be client, not '{DeployMode}'");
        if (ExecutorCores is < 1) throw new ArgumentException($"--executor-cores must be at least 1, not {ExecutorCores}");
        if (NumExecutors is < 1) throw new ArgumentException($"--num-executors must be at least 1, not {NumExecutors}");
        var spec = MasterUrl.ParseSpec(Master);
        if (ExecutorCores is null && NumExecutors is null) return Master;
        if (spec is not MasterSpec.LocalCluster lc)
            throw new ArgumentException($"--num-executors and --executor-cores apply to local-cluster[N] masters only, not '{Master}' (a local master's slots are in its URL; a cluster's workers offer their own cores: actornet worker --cores)");
        return string.Create(CultureInfo.InvariantCulture, $"local-cluster[{NumExecutors ?? lc.Workers},{ExecutorCores ?? lc.CoresPerWorker}]");
    }

    /// <summary>The <c>ACTORNET__</c> variables that carry <c>--name</c> and each <c>--conf</c> to the driver's configuration.</summary>
    /// <exception cref="ArgumentException">A <c>--conf</c> is not key=value with an actornet.* or akka.* key.</exception>
    public IReadOnlyList<(string Variable, string Value)> EnvironmentVariables()
    {
        var variables = new List<(string, string)>();
        foreach (var conf in Conf)
        {
            var equals = conf.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? conf[..equals].Trim() : "";
            if (key.Length == 0) throw new ArgumentException($"--conf expects key=value (for example actornet.ui.port=4050), got '{conf}'");
            string path;
            if (key.StartsWith("actornet.", StringComparison.Ordinal)) path = key["actornet.".Length..];
            else if (key.StartsWith("akka.", StringComparison.Ordinal)) path = key;
            else throw new ArgumentException($"--conf {key}: only actornet.* and akka.* settings reach the driver (see docs/configuration.md)");
            variables.Add(("ACTORNET__" + path.Replace(".", "__", StringComparison.Ordinal), conf[(equals + 1)..].Trim()));
        }
        if (Name is not null)
        {
            if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("--name must not be empty");
            variables.Add(("ACTORNET__app__name", Name));
        }
        return variables;
    }
}
