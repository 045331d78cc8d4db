/** The drag data type the palette sets: the node type to create. */
export const NODE_DRAG_TYPE = 'application/x-musubi-node-type';
