import { loadTenancy, tenantCapacity } from "./config/tenancy";
import { parseSettings, readConventionsFile } from "./config/load";
import { readStackConfig } from "./engine/stackConfig";
for (const stack of ["prod", "nonprod"]) {
  const { config, secretKeys } = readStackConfig(process.cwd(), stack);
  const s = parseSettings({ stack, config, conventions: readConventionsFile(), secretKeys });
  console.log(stack, JSON.stringify(tenantCapacity(s)));
  try { const l = loadTenancy(s); console.log(l.users.length, l.workspaces.length, l.projects.length); } catch (e) { console.log((e as Error).message); }
}
