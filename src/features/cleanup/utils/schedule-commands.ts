import { rulesToParams, CLEANUP_PARAM } from './rules-url';
import type { RetentionRules } from './retention';

/**
 * The commands that run a preview's rules unattended with `registry-ui-cleanup` (src/cli): from a clone, in a
 * container, and as a Kubernetes CronJob shaped like deploy/kubernetes/cleanup/cronjob.yaml. Plain text: the
 * UI shows it and copies it, never runs it.
 */
export interface ScheduleInput {
  /** The registry's URL as the command should reach it. */
  registry: string;
  repo: string;
  rules: RetentionRules;
  /** The image built from Dockerfile.cleanup. */
  image?: string;
  /** Cron schedule of the CronJob. */
  schedule?: string;
  /** A cap on the tags one run may delete. */
  maxDeletes?: number;
}

export const DEFAULT_CLEANUP_IMAGE = 'registry-ui-cleanup:latest';
export const DEFAULT_SCHEDULE = '30 3 * * 0';

/** The rules as `--rules` takes them: the preview URL's keys, without `cleanup=1`. */
export function rulesArgument(rules: RetentionRules): string {
  const params = rulesToParams(new URLSearchParams(), rules);
  params.delete(CLEANUP_PARAM);
  return params.toString();
}

/** POSIX shell single quotes, only when needed. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A YAML double-quoted scalar (JSON's string syntax is valid YAML). */
const yamlString = (value: string) => JSON.stringify(value);

function args(input: ScheduleInput): string[] {
  return ['--registry', input.registry, '--repo', input.repo, '--rules', rulesArgument(input.rules), '--apply', '--max-deletes', String(input.maxDeletes ?? 100)];
}

export interface ScheduleCommands {
  /** From a clone, after npm ci: a dry run first. */
  dryRun: string;
  cli: string;
  docker: string;
  cronJob: string;
}

export function scheduleCommands(input: ScheduleInput): ScheduleCommands {
  const image = input.image ?? DEFAULT_CLEANUP_IMAGE;
  const a = args(input);
  const quoted = a.map(shellQuote).join(' ');
  const dry = a.filter((x) => x !== '--apply').map(shellQuote).join(' ');
  const name = `registry-ui-cleanup-${input.repo.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 52).replace(/-+$/, '');
  const cronJob = `# kubectl create secret generic registry-ui-cleanup-credentials \\
#   --from-literal=REGISTRY_USERNAME=… --from-literal=REGISTRY_PASSWORD=…
apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
  schedule: ${yamlString(input.schedule ?? DEFAULT_SCHEDULE)}
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 3
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          securityContext:
            runAsNonRoot: true
            runAsUser: 1000
            runAsGroup: 1000
            seccompProfile:
              type: RuntimeDefault
          containers:
            - name: cleanup
              image: ${yamlString(image)}
              args:
${[...a, '--zero-on-delete'].map((x) => `                - ${yamlString(x)}`).join('\n')}
              envFrom:
                - secretRef:
                    name: registry-ui-cleanup-credentials
                    optional: true
              securityContext:
                allowPrivilegeEscalation: false
                readOnlyRootFilesystem: true
                privileged: false
                capabilities:
                  drop: ["ALL"]
              resources:
                requests:
                  cpu: 50m
                  memory: 64Mi
                limits:
                  memory: 256Mi
`;
  return {
    dryRun: `npx registry-ui-cleanup ${dry}`,
    cli: `REGISTRY_USERNAME=… REGISTRY_PASSWORD=… npx registry-ui-cleanup ${quoted}`,
    docker: `docker run --rm -e REGISTRY_USERNAME -e REGISTRY_PASSWORD ${shellQuote(image)} ${quoted}`,
    cronJob,
  };
}
