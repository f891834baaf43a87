/** A cluster's capacity: computed in config/capacity.ts (one function for the loader, the components and the policies). */
export { ClusterCapacity, clusterCapacity, guaranteedNodes } from "../../config/capacity";
