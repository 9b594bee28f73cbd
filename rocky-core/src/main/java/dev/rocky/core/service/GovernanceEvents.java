package dev.rocky.core.service;

import dev.rocky.core.spec.MetadataKeys;
import dev.rocky.core.error.RockyException;
import dev.rocky.core.governance.ComplianceResult;
import dev.rocky.core.governance.RetentionStatusResult;
import dev.rocky.core.port.LogSink;
import dev.rocky.core.run.CheckSeverity;
import dev.rocky.core.run.RunEvent;
import dev.rocky.core.spec.AssetSpec;
import dev.rocky.core.spec.Definitions;
import dev.rocky.core.spec.MetadataValue;
import dev.rocky.core.spec.RunTarget;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Governance folded into a materialization's events: one {@code rocky compliance} call per batch
 * (a {@code compliance_exception} result per selected asset declaring the check) and one
 * {@code rocky retention-status} call (an observation per selected model). Either command failing
 * is a warning, never a failure.
 */
final class GovernanceEvents {

    private final RockyResource resource;
    private final LogSink log;
    private final String modelsDir;

    /**
     * @param resource runs rocky
     * @param log where a failed governance command is reported
     * @param modelsDir passed as {@code --models}
     */
    GovernanceEvents(RockyResource resource, LogSink log, String modelsDir) {
        this.resource = resource;
        this.log = log;
        this.modelsDir = modelsDir;
    }

    /** One {@code rocky compliance} call, folded into one result per selected asset declaring the check; a failure is a warning. */
    void compliance(Definitions defs, List<AssetSpec> selected, RunEventCollector out) {
        ComplianceResult result;
        try {
            result = resource.compliance(modelsDir);
        } catch (RockyException e) {
            log.warn("rocky compliance failed, so no compliance_exception results are reported for this materialization: "
                    + e.getMessage());
            return;
        }
        for (AssetSpec spec : selected) {
            if (!spec.checkNames().contains(BuildDefinitions.COMPLIANCE_CHECK)) {
                continue;
            }
            String model = engineName(defs, spec);
            List<ComplianceResult.Exception> mine = result.exceptions().stream().filter(x -> x.model().equals(model)).toList();
            Map<String, MetadataValue> md = new LinkedHashMap<>();
            md.put(MetadataKeys.ROCKY_COMPLIANCE_EXCEPTION_COUNT, MetadataValue.integer(mine.size()));
            // The reference's format: every "model.column (env)", and the distinct reasons in first-seen order, "; "-joined.
            md.put(MetadataKeys.ROCKY_COMPLIANCE_MODELS, MetadataValue.text(String.join("; ",
                    mine.stream().map(x -> x.model() + "." + x.column() + " (" + x.env() + ")").toList())));
            md.put(MetadataKeys.ROCKY_COMPLIANCE_REASONS, MetadataValue.text(String.join("; ",
                    new LinkedHashSet<>(mine.stream().map(ComplianceResult.Exception::reason).toList()))));
            md.put(MetadataKeys.ROCKY_COMPLIANCE_TOTAL_CLASSIFIED, MetadataValue.integer(result.totalClassified()));
            md.put(MetadataKeys.ROCKY_COMPLIANCE_TOTAL_MASKED, MetadataValue.integer(result.totalMasked()));
            md.put(MetadataKeys.ROCKY_COMPLIANCE_TOTAL_EXCEPTIONS, MetadataValue.integer(result.totalExceptions()));
            out.check(new RunEvent.AssetCheckResult(spec.key(), BuildDefinitions.COMPLIANCE_CHECK, mine.isEmpty(), CheckSeverity.WARN, md));
        }
    }

    /**
     * One {@code rocky retention-status} call, one observation per model row whose asset is selected
     * (as the reference's resolver, which answers only for selected keys); an unset day count is
     * left out; a failure is a warning.
     */
    void retention(Definitions defs, List<AssetSpec> selected, RunEventCollector out) {
        RetentionStatusResult result;
        try {
            result = resource.retentionStatus(modelsDir);
        } catch (RockyException e) {
            log.warn("rocky retention-status failed, so no retention observations are reported for this materialization: "
                    + e.getMessage());
            return;
        }
        Map<String, AssetSpec> byModel = new HashMap<>();
        for (AssetSpec spec : selected) {
            byModel.putIfAbsent(engineName(defs, spec), spec);
        }
        for (RetentionStatusResult.ModelRetention row : result.models()) {
            AssetSpec spec = byModel.get(row.model());
            if (spec == null) {
                log.log(LogSink.Level.DEBUG, "rocky retention-status reports model " + row.model() + ", which has no selected asset");
                continue;
            }
            Map<String, MetadataValue> md = new LinkedHashMap<>();
            md.put(MetadataKeys.ROCKY_RETENTION_MODEL, MetadataValue.text(row.model()));
            md.put(MetadataKeys.ROCKY_RETENTION_IN_SYNC, new MetadataValue.BoolValue(row.inSync()));
            row.configuredDays().ifPresent(d -> md.put(MetadataKeys.ROCKY_RETENTION_CONFIGURED_DAYS, MetadataValue.integer(d)));
            row.warehouseDays().ifPresent(d -> md.put(MetadataKeys.ROCKY_RETENTION_WAREHOUSE_DAYS, MetadataValue.integer(d)));
            out.add(new RunEvent.AssetObservation(spec.key(), md));
        }
    }

    /** The name rocky's governance commands use for an asset: its model's name, or its table's. */
    private static String engineName(Definitions defs, AssetSpec spec) {
        Optional<RunTarget> t = defs.runTarget(spec.key());
        if (t.isPresent() && t.get() instanceof RunTarget.Model m) {
            return m.name();
        }
        if (t.isPresent() && t.get() instanceof RunTarget.SourceTable st) {
            return st.engineKey().get(st.engineKey().size() - 1);
        }
        return spec.key().leaf();
    }
}
