using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace ActorNet.Rdd.Ui;

/// <summary>
/// Writes one <see cref="Meter"/>'s instruments in Prometheus's text exposition format (version 0.0.4), read through a
/// <see cref="MeterListener"/> at each scrape. ActorNet's instruments are all observable (the values live in the status
/// store and the cluster state), so a scrape records them and nothing is aggregated in between. Instrument names are
/// OpenTelemetry-style (<c>actornet.tasks.completed</c>); dots become underscores, and a counter gets <c>_total</c>, as the
/// OpenTelemetry Prometheus exporter writes them.
/// </summary>
/// <remarks>
/// Written here rather than taken from OpenTelemetry.Exporter.Prometheus.AspNetCore or prometheus-net: both select
/// meters by name, process-wide, so two contexts in one process (tests, notebooks) would publish into each other's
/// /metrics; a listener bound to one <see cref="Meter"/> object keeps each context's metrics its own, and the format for
/// counters and gauges is a few lines.
/// </remarks>
internal sealed class PrometheusText
{
    private readonly Meter _meter;

    public PrometheusText(Meter meter) => _meter = meter;

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public string Scrape()
    {
        var samples = new List<(Instrument Instrument, double Value, KeyValuePair<string, object?>[] Tags)>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, _meter)) l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((i, value, tags, _) => samples.Add((i, value, tags.ToArray())));
            listener.SetMeasurementEventCallback<int>((i, value, tags, _) => samples.Add((i, value, tags.ToArray())));
            listener.SetMeasurementEventCallback<double>((i, value, tags, _) => samples.Add((i, value, tags.ToArray())));
            listener.Start();
            listener.RecordObservableInstruments();
        }
        var text = new StringBuilder();
        foreach (var group in samples.GroupBy(s => s.Instrument))
        {
            var instrument = group.Key;
            bool counter = instrument is ObservableCounter<long> or ObservableCounter<double> or ObservableCounter<int>;
            var name = instrument.Name.Replace('.', '_') + (counter ? "_total" : "");
            if (instrument.Description is { Length: > 0 } help) text.Append("# HELP ").Append(name).Append(' ').Append(Escape(help, quote: false)).Append('\n');
            text.Append("# TYPE ").Append(name).Append(counter ? " counter\n" : " gauge\n");
            foreach (var (_, value, tags) in group)
            {
                text.Append(name);
                if (tags.Length > 0)
                    text.Append('{').AppendJoin(',', tags.Select(t => $"{t.Key}=\"{Escape(Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? "", quote: true)}\"")).Append('}');
                text.Append(' ').Append(Format(value)).Append('\n');
            }
        }
        return text.ToString();
    }

    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Escape(string s, bool quote)
    {
        s = s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return quote ? s.Replace("\"", "\\\"", StringComparison.Ordinal) : s;
    }
}
